package io.kdstream.core.data;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The published checksums of the four uncompressed MNIST IDX files.
 *
 * <p>The same values are in {@code scripts/fetch-mnist.sh}. The loader verifies the md5 of the
 * bytes it parses (after decompression for a {@code .gz} file), so a file that was damaged or
 * swapped after fetching is reported instead of silently training on it. The sha256 values are kept
 * for tools that prefer a stronger hash.
 */
public final class MnistChecksums {

    /** {@code train-images-idx3-ubyte}: 60,000 training images. */
    public static final Checksum TRAIN_IMAGES =
            new Checksum(
                    "train-images-idx3-ubyte",
                    "6bbc9ace898e44ae57da46a324031adb",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");

    /** {@code train-labels-idx1-ubyte}: 60,000 training labels. */
    public static final Checksum TRAIN_LABELS =
            new Checksum(
                    "train-labels-idx1-ubyte",
                    "a25bea736e30d166cdddb491f175f624",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /** {@code t10k-images-idx3-ubyte}: 10,000 test images. */
    public static final Checksum TEST_IMAGES =
            new Checksum(
                    "t10k-images-idx3-ubyte",
                    "2646ac647ad5339dbf082846283269ea",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");

    /** {@code t10k-labels-idx1-ubyte}: 10,000 test labels. */
    public static final Checksum TEST_LABELS =
            new Checksum(
                    "t10k-labels-idx1-ubyte",
                    "27ae3e4e09519cfbb04c329615203637",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final List<Checksum> ALL =
            List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private MnistChecksums() {}

    /**
     * Returns the checksums of all four files.
     *
     * @return the four checksums, training files first
     */
    public static List<Checksum> all() {
        return ALL;
    }

    /**
     * Looks up the checksum of a file by its name, with or without a {@code .gz} suffix.
     *
     * @param fileName the file name, e.g. {@code t10k-labels-idx1-ubyte.gz}
     * @return the checksum of the uncompressed content, or empty for an unknown name
     */
    public static Optional<Checksum> forFile(String fileName) {
        String name =
                fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        return ALL.stream().filter(c -> c.fileName().equals(name)).findFirst();
    }

    /**
     * Formats a digest as lower-case hex, the form used by {@code md5sum} and {@code sha256sum}.
     *
     * @param digest the digest bytes
     * @return the lower-case hex string
     */
    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * The checksums of one uncompressed MNIST file.
     *
     * @param fileName the canonical file name, without {@code .gz}
     * @param md5 the lower-case hex md5, as published with the dataset
     * @param sha256 the lower-case hex sha-256
     */
    public record Checksum(String fileName, String md5, String sha256) {}
}
