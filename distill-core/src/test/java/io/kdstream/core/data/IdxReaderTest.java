package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link IdxReader} and the loader's file checks on small synthetic files.
 *
 * <p>Plain JUnit, not {@code @QuarkusTest}: the reader is a plain library class and needs neither
 * CDI nor configuration. Synthetic files make every kind of damage cheap to produce; the loader's
 * checksum check is bypassed here because no synthetic file can match MNIST's md5.
 */
class IdxReaderTest {

    @TempDir Path dir;

    @Test
    void readsPlainImagesAndLabels() throws IOException {
        Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.images(2, 3, 4));
        Path labels = IdxFiles.write(dir.resolve("lbl"), IdxFiles.labels((byte) 7, (byte) 0));

        IdxImages read = IdxReader.readImages(images);

        assertThat(read.count()).isEqualTo(2);
        assertThat(read.rows()).isEqualTo(3);
        assertThat(read.cols()).isEqualTo(4);
        assertThat(read.pixels()).isEqualTo(IdxFiles.counting(24));
        assertThat(IdxReader.readLabels(labels)).containsExactly(7, 0);
    }

    @Test
    void readsGzipByMagicBytesWhateverTheName() throws IOException {
        byte[] content = IdxFiles.images(3, 2, 2);
        Path named = IdxFiles.writeGzip(dir.resolve("img.gz"), content);
        Path unnamed = IdxFiles.writeGzip(dir.resolve("img-without-suffix"), content);
        Path labels = IdxFiles.writeGzip(dir.resolve("lbl.gz"), IdxFiles.labels((byte) 9));

        assertThat(IdxReader.readImages(named).pixels()).isEqualTo(IdxFiles.counting(12));
        assertThat(IdxReader.readImages(unnamed).pixels()).isEqualTo(IdxFiles.counting(12));
        assertThat(IdxReader.readLabels(labels)).containsExactly(9);
    }

    @Test
    void readsAnEmptyFile() throws IOException {
        Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.images(0, 28, 28));

        assertThat(IdxReader.readImages(images).count()).isZero();
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path labelsAsImages = IdxFiles.write(dir.resolve("lbl"), IdxFiles.labels((byte) 1));
        Path text = IdxFiles.write(dir.resolve("html"), "<html><body>404</body></html>".getBytes());

        assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(labelsAsImages.toString())
                .hasMessageContaining("wrong magic number 2049")
                .hasMessageContaining("this is an IDX label file")
                .hasMessageContaining("2051")
                .hasMessageContaining("fetch-mnist.sh");
        assertThatThrownBy(() -> IdxReader.readLabels(text))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(text.toString())
                .hasMessageContaining("not an IDX file")
                .hasMessageContaining("2049");
    }

    @Test
    void rejectsWrongDimensionCount() throws IOException {
        // Type 0x08 (unsigned byte) but 2 dimensions: a matrix, not a stack of images.
        Path file =
                IdxFiles.write(
                        dir.resolve("img"), IdxFiles.images(0x00000802, 1, 1, 1, new byte[1]));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessageContaining("2 dimensions")
                .hasMessageContaining("3 dimensions");
    }

    @Test
    void rejectsTruncatedPixelData() throws IOException {
        byte[] full = IdxFiles.images(2, 2, 3);
        Path plain = IdxFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 5));
        Path gz = IdxFiles.writeGzip(dir.resolve("img.gz"), Arrays.copyOf(full, full.length - 5));

        assertThatThrownBy(() -> IdxReader.readImages(plain))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(plain.toString())
                .hasMessageContaining("truncated: expected 12 bytes of pixel data, found 7");
        assertThatThrownBy(() -> IdxReader.readImages(gz))
                .hasMessageContaining("truncated: expected 12 bytes of pixel data, found 7");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        Path file = IdxFiles.write(dir.resolve("img"), Arrays.copyOf(IdxFiles.images(1, 1, 1), 10));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessageContaining("truncated")
                .hasMessageContaining("header needs 16 bytes, found 10");
    }

    @Test
    void rejectsCutOffGzipStream() throws IOException {
        Path whole = IdxFiles.writeGzip(dir.resolve("whole.gz"), IdxFiles.images(50, 28, 28));
        byte[] gz = Files.readAllBytes(whole);
        Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("gzip");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] images = IdxFiles.images(1, 2, 2);
        Path plain = IdxFiles.write(dir.resolve("img"), Arrays.copyOf(images, images.length + 3));
        byte[] labels = IdxFiles.labels((byte) 1, (byte) 2);
        Path gz =
                IdxFiles.writeGzip(dir.resolve("lbl.gz"), Arrays.copyOf(labels, labels.length + 1));

        assertThatThrownBy(() -> IdxReader.readImages(plain))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(plain.toString())
                .hasMessageContaining("3 trailing bytes")
                .hasMessageContaining("expected 4 bytes of pixel data, found 7");
        assertThatThrownBy(() -> IdxReader.readLabels(gz))
                .hasMessageContaining("1 trailing bytes")
                .hasMessageContaining("expected 2 bytes of label data, found 3");
    }

    @Test
    void rejectsLabelOutOfRange() throws IOException {
        Path ten =
                IdxFiles.write(dir.resolve("ten"), IdxFiles.labels((byte) 3, (byte) 4, (byte) 10));
        // 0xff must read as 255, not as -1.
        Path ff = IdxFiles.write(dir.resolve("ff"), IdxFiles.labels((byte) 0xff));

        assertThatThrownBy(() -> IdxReader.readLabels(ten))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(ten.toString())
                .hasMessageContaining("label 10 at index 2 is out of range 0..9");
        assertThatThrownBy(() -> IdxReader.readLabels(ff))
                .hasMessageContaining("label 255 at index 0");
    }

    @Test
    void rejectsAbsurdSizesBeforeAllocating() throws IOException {
        Path file =
                IdxFiles.write(
                        dir.resolve("img"),
                        IdxFiles.images(IdxReader.IMAGES_MAGIC, 100_000, 1000, 1000, new byte[0]));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining("more than a Java array can hold");
    }

    @Test
    void missingFileIsADataError() {
        Path missing = dir.resolve("nothing-here");

        assertThatThrownBy(() -> IdxReader.readImages(missing))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found")
                .hasMessageContaining("fetch-mnist.sh");
    }

    @Test
    void loaderNamesBothFilesWhenCountsDiffer() throws IOException {
        Path images =
                IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(3, 28, 28));
        Path labels =
                IdxFiles.writeGzip(
                        dir.resolve("t10k-labels-idx1-ubyte.gz"),
                        IdxFiles.labels((byte) 1, (byte) 2));

        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST, false))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("3 images")
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("2 labels")
                .hasMessageContaining("fetch-mnist.sh");
    }

    @Test
    void loaderRequires28x28() throws IOException {
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1, 32, 32));
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels((byte) 1));

        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST, false))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("images are 32x32, MNIST images are 28x28");
    }

    @Test
    void loaderPrefersPlainAndAcceptsGzip() throws IOException {
        IdxFiles.writeGzip(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.images(2, 28, 28));
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels((byte) 4, (byte) 2));
        // A stale .gz next to the plain file is ignored.
        IdxFiles.writeGzip(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels((byte) 9));

        MnistSplit split = Mnist.load(dir, Mnist.Split.TEST, false);

        assertThat(split.name()).isEqualTo("test");
        assertThat(split.labels()).containsExactly(4, 2);
        assertThat(split.rawImages()).isEqualTo(IdxFiles.counting(2 * 784));
    }

    @Test
    void missingSplitFileSaysHowToFetchIt() throws IOException {
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels((byte) 1));

        assertThatThrownBy(() -> Mnist.train(dir))
                .isInstanceOf(MnistDataException.class)
                .hasMessageContaining("train-images-idx3-ubyte (or train-images-idx3-ubyte.gz)")
                .hasMessageContaining("is missing in " + dir.toAbsolutePath())
                .hasMessageContaining("scripts/fetch-mnist.sh " + dir.toAbsolutePath())
                .hasMessageContaining("kd.data.dir")
                .hasMessageContaining("KD_DATA_DIR");
        assertThatThrownBy(() -> Mnist.test(dir.resolve("absent")))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("fetch-mnist.sh");
    }
}
