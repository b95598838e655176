package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link Mnist} on the real MNIST files in {@code kd.data.dir}.
 *
 * <p>Plain JUnit, not {@code @QuarkusTest}: loading needs only a directory, which Surefire passes
 * as the system property {@code kd.data.dir}. These tests fail, rather than skip, when the files
 * are missing: the loader's message then says to run {@code scripts/fetch-mnist.sh}.
 */
class MnistTest {

    // SHA-256 of the split's image bytes followed by its label bytes (see MnistSplit#fingerprint).
    private static final String TRAIN_FINGERPRINT =
            "edc0d1098aa497be14ace79ddd5171e5a3dcf9c4d196c015389203eb3ba1f59b";
    private static final String TEST_FINGERPRINT =
            "c3f9adf9c66efb572b1f9326c3a511b45910c7173b97be66ceceeeeaef6b802b";

    private static Path dataDir() {
        return Mnist.defaultDataDir();
    }

    @Test
    void loadsTheTrainingSplit() {
        MnistSplit train = Mnist.train(dataDir());

        assertThat(train.name()).isEqualTo("train");
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.rawImages()).hasSize(60_000 * 784);
        assertThat(Arrays.copyOf(train.labels(), 5)).containsExactly(5, 0, 4, 1, 9);
        assertThat(train.pixels32()).hasSize(60_000 * 1024);
    }

    @Test
    void loadsTheTestSplit() {
        MnistSplit test = Mnist.test(dataDir());

        assertThat(test.name()).isEqualTo("test");
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(Arrays.copyOf(test.labels(), 5)).containsExactly(7, 2, 1, 0, 4);
    }

    @Test
    void cachesPerDirectoryAndSplit() {
        Path dir = dataDir();
        // Another spelling of the same directory resolves to the same cache entry.
        Path sameDir =
                dir.toAbsolutePath().resolve("..").resolve(dir.toAbsolutePath().getFileName());

        assertThat(Mnist.train(dir)).isSameAs(Mnist.train(dir)).isSameAs(Mnist.train(sameDir));
        assertThat(Mnist.test(dir)).isSameAs(Mnist.test(sameDir)).isNotSameAs(Mnist.train(dir));
        assertThat(Mnist.train(dir).pixels32()).isSameAs(Mnist.train(sameDir).pixels32());
    }

    @Test
    void fingerprintIsStable() {
        assertThat(Mnist.train(dataDir()).fingerprint()).isEqualTo(TRAIN_FINGERPRINT);
        assertThat(Mnist.test(dataDir()).fingerprint()).isEqualTo(TEST_FINGERPRINT);
        // An uncached load of the same files gives the same fingerprint.
        assertThat(Mnist.load(dataDir(), Mnist.Split.TEST, true).fingerprint())
                .isEqualTo(TEST_FINGERPRINT);
    }

    @Test
    void readsGzippedFilesAndChecksTheirContent(@TempDir Path dir) throws IOException {
        gzip(Mnist.locate(dataDir(), "t10k-images-idx3-ubyte"), dir);
        gzip(Mnist.locate(dataDir(), "t10k-labels-idx1-ubyte"), dir);

        MnistSplit test = Mnist.load(dir, Mnist.Split.TEST, true);

        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.fingerprint()).isEqualTo(TEST_FINGERPRINT);
    }

    @Test
    void rejectsAModifiedFile(@TempDir Path dir) throws IOException {
        Files.copy(
                Mnist.locate(dataDir(), "t10k-images-idx3-ubyte"),
                dir.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(Mnist.locate(dataDir(), "t10k-labels-idx1-ubyte"));
        // Still a well-formed label file, just not the published one: only the md5 can tell.
        labels[8] = (byte) (labels[8] == 1 ? 2 : 1);
        Path damaged = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);

        assertThatThrownBy(() -> Mnist.test(dir))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(damaged.toString())
                .hasMessageContaining("md5 mismatch")
                .hasMessageContaining("expected " + MnistChecksums.TEST_LABELS.md5())
                .hasMessageContaining("got ")
                .hasMessageContaining("scripts/fetch-mnist.sh");
    }

    @Test
    void checksumsMatchTheFetchScript() throws IOException {
        // The script and this class each hold a copy of the published values; keep them equal.
        String script = Files.readString(scriptPath());
        for (MnistChecksums.Checksum c : MnistChecksums.all()) {
            assertThat(script)
                    .contains("[" + c.fileName() + "]=" + c.md5())
                    .contains("[" + c.fileName() + "]=" + c.sha256());
        }
        assertThat(MnistChecksums.forFile("t10k-labels-idx1-ubyte.gz"))
                .contains(MnistChecksums.TEST_LABELS);
        assertThat(MnistChecksums.forFile("README")).isEmpty();
    }

    @Test
    void dataDirComesFromThePropertyFirst() {
        String saved = System.getProperty(Mnist.DATA_DIR_PROPERTY);
        try {
            System.setProperty(Mnist.DATA_DIR_PROPERTY, "/somewhere/mnist");
            assertThat(Mnist.defaultDataDir()).isEqualTo(Path.of("/somewhere/mnist"));

            System.clearProperty(Mnist.DATA_DIR_PROPERTY);
            String env = System.getenv(Mnist.DATA_DIR_ENV);
            Path fallback =
                    env == null || env.isBlank() ? Path.of("data/mnist") : Path.of(env.strip());
            assertThat(Mnist.defaultDataDir()).isEqualTo(fallback);
        } finally {
            if (saved == null) {
                System.clearProperty(Mnist.DATA_DIR_PROPERTY);
            } else {
                System.setProperty(Mnist.DATA_DIR_PROPERTY, saved);
            }
        }
    }

    /** The fetch script, two levels above the data directory (repo/data/mnist). */
    private static Path scriptPath() {
        Path repo = dataDir().toAbsolutePath().normalize().getParent().getParent();
        return repo.resolve("scripts").resolve("fetch-mnist.sh");
    }

    private static void gzip(Path source, Path dir) throws IOException {
        Path target = dir.resolve(source.getFileName() + ".gz");
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            in.transferTo(out);
        }
    }
}
