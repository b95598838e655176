package io.kdstream.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One MNIST split held in memory, preprocessed once.
 *
 * <p>A split keeps the raw 28x28 bytes, which is what goes over Kafka, and computes the 32x32
 * floats the networks read on first use, so a service that only forwards raw images never pays for
 * the 245 MB float copy of the training set.
 *
 * <p>The arrays returned by {@link #labels()}, {@link #rawImages()} and {@link #pixels32()} are the
 * split's own, not copies: a training loop reads them once per batch and copying 245 MB each time
 * would dominate. Treat them as read-only.
 *
 * <p>Instances are thread-safe.
 */
public final class MnistSplit {

    private final String name;
    private final byte[] images;
    private final int[] labels;
    private volatile float[] pixels32;
    private volatile String fingerprint;

    private MnistSplit(String name, byte[] images, int[] labels, float[] pixels32) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.pixels32 = pixels32;
    }

    /**
     * Creates a split from raw 28x28 images and their labels, for example synthetic data in a test.
     *
     * <p>The arrays are not copied.
     *
     * @param name the split's name, such as {@code "train"} or {@code "test"}
     * @param rawImages {@code labels.length * 784} unsigned bytes, shape (count, 28, 28)
     * @param labels the labels, each in 0..9
     * @return the split
     */
    public static MnistSplit of(String name, byte[] rawImages, int[] labels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a split needs a name");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("a split needs at least one image");
        }
        if ((long) labels.length * Preprocessing.SRC_PIXELS != rawImages.length) {
            throw new IllegalArgumentException(
                    String.format(
                            "%d labels need %d image bytes (784 each), got %d",
                            labels.length,
                            (long) labels.length * Preprocessing.SRC_PIXELS,
                            rawImages.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at index " + i + " is out of range 0..9");
            }
        }
        return new MnistSplit(name, rawImages, labels, null);
    }

    /**
     * Returns the split's name.
     *
     * @return {@code "train"} or {@code "test"} for the splits loaded by {@link Mnist}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of images.
     *
     * @return the number of images, at least 1
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the labels.
     *
     * @return {@code size()} labels, each in 0..9 (shared, do not modify)
     */
    public int[] labels() {
        return labels;
    }

    /**
     * Returns the raw images as stored in the IDX file, the form sent over Kafka.
     *
     * @return {@code size() * 784} unsigned bytes, shape (size, 28, 28), row-major (shared, do not
     *     modify)
     */
    public byte[] rawImages() {
        return images;
    }

    /**
     * Returns the images resized to 32x32 and scaled to [0, 1], as the tutorial's torchvision
     * pipeline produces them.
     *
     * <p>Computed on the first call and cached; concurrent first calls compute it once. See {@link
     * Preprocessing} for the exact resampling.
     *
     * @return {@code size() * 1024} floats, shape (size, 32, 32), row-major (shared, do not modify)
     */
    public float[] pixels32() {
        float[] result = pixels32;
        if (result == null) {
            synchronized (this) {
                result = pixels32;
                if (result == null) {
                    result = Preprocessing.resizeAll(images, size());
                    pixels32 = result;
                }
            }
        }
        return result;
    }

    /**
     * Returns the first {@code n} images of this split, with the same name.
     *
     * <p>The subset copies its part of the arrays, including the resized pixels if this split has
     * already computed them.
     *
     * @param n the number of images to keep, 1 to {@code size()}
     * @return the subset, or this split when {@code n == size()}
     */
    public MnistSplit subset(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException(
                    "subset size must be in 1.."
                            + size()
                            + " for the "
                            + name
                            + " split, got "
                            + n);
        }
        if (n == size()) {
            return this;
        }
        float[] resized = pixels32;
        return new MnistSplit(
                name,
                Arrays.copyOf(images, n * Preprocessing.SRC_PIXELS),
                Arrays.copyOf(labels, n),
                resized == null ? null : Arrays.copyOf(resized, n * Preprocessing.DST_PIXELS));
    }

    /**
     * Returns a stable fingerprint of this split's data.
     *
     * <p>It is the lower-case hex SHA-256 of the raw image bytes ({@code size() * 784}, in order)
     * followed by the labels (one byte each). It does not depend on how the files were stored
     * (plain or gzip) and identifies a subset by its content, so a run can record exactly which
     * data it trained on.
     *
     * @return 64 hex digits
     */
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest sha256 = sha256();
            sha256.update(images);
            byte[] labelBytes = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) {
                labelBytes[i] = (byte) labels[i];
            }
            sha256.update(labelBytes);
            result = MnistChecksums.hex(sha256.digest());
            // Racing threads compute the same string; either write is fine.
            fingerprint = result;
        }
        return result;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "MnistSplit[" + name + ", " + size() + " images]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException(e);
        }
    }
}
