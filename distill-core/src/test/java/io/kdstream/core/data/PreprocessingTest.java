package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests that {@link Preprocessing} reproduces torchvision's {@code Resize((32, 32))} and {@code
 * ToTensor} on MNIST.
 *
 * <p>Plain JUnit, not {@code @QuarkusTest}: resizing is pure computation. The expected values in
 * {@code vectors/resize32.json} were produced by torchvision 0.14 on four training images; the test
 * also checks that those images are the ones {@link IdxReader} reads from the real training file,
 * so it fails (with the fetch hint) when the data directory is not set up.
 */
class PreprocessingTest {

    private static final float TOLERANCE = 1f / 255;

    private static List<Vector> vectors;

    @BeforeAll
    static void loadVectors() throws IOException {
        try (InputStream in =
                PreprocessingTest.class.getResourceAsStream("/vectors/resize32.json")) {
            assertThat(in).as("test resource vectors/resize32.json").isNotNull();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                vectors = new Gson().fromJson(reader, Vectors.class).images();
            }
        }
        assertThat(vectors).hasSize(4);
    }

    @Test
    void vectorsAreTheRealTrainingImages() {
        Path trainImages = Mnist.locate(Mnist.defaultDataDir(), "train-images-idx3-ubyte");
        IdxImages images = IdxReader.readImages(trainImages);

        for (Vector v : vectors) {
            byte[] actual =
                    Arrays.copyOfRange(images.pixels(), v.index() * 784, (v.index() + 1) * 784);
            assertThat(actual)
                    .as("raw28 of training image %d", v.index())
                    .isEqualTo(v.raw28Bytes());
        }
    }

    @Test
    void matchesTorchvisionResize() {
        for (Vector v : vectors) {
            float[] actual = Preprocessing.resize28to32(v.raw28Bytes());

            assertThat(actual).hasSize(1024);
            for (int i = 0; i < 1024; i++) {
                assertThat(actual[i])
                        .as("image %d, pixel (row %d, col %d)", v.index(), i / 32, i % 32)
                        .isCloseTo(v.resized32()[i], within(TOLERANCE));
            }
        }
    }

    @Test
    void matchesTorchvisionGreyLevelsExactly() {
        // Pillow's integer arithmetic is reproduced bit for bit, so every pixel should have the
        // same 8-bit grey level; the 1/255 tolerance above is what the pipeline needs, this pins
        // the implementation. The JSON stores v / 255 rounded to a few digits, hence the rounding.
        for (Vector v : vectors) {
            float[] actual = Preprocessing.resize28to32(v.raw28Bytes());
            for (int i = 0; i < 1024; i++) {
                assertThat(actual[i])
                        .as("image %d, pixel (row %d, col %d)", v.index(), i / 32, i % 32)
                        .isEqualTo(Math.round(v.resized32()[i] * 255) / 255f);
            }
        }
    }

    @Test
    void batchAndOffsetVariantsAgree() {
        byte[] raw = new byte[vectors.size() * 784];
        for (int n = 0; n < vectors.size(); n++) {
            System.arraycopy(vectors.get(n).raw28Bytes(), 0, raw, n * 784, 784);
        }

        float[] all = Preprocessing.resizeAll(raw, vectors.size());
        float[] one = new float[1024 + 7];
        Preprocessing.resize28to32(raw, 2 * 784, one, 7);

        for (int n = 0; n < vectors.size(); n++) {
            assertThat(Arrays.copyOfRange(all, n * 1024, (n + 1) * 1024))
                    .containsExactly(Preprocessing.resize28to32(vectors.get(n).raw28Bytes()));
        }
        assertThat(Arrays.copyOfRange(one, 7, 1031))
                .containsExactly(Arrays.copyOfRange(all, 2 * 1024, 3 * 1024));
    }

    @Test
    void constantImagesStayConstant() {
        // The edge weights are renormalised, so a flat image has no darkened border.
        byte[] white = new byte[784];
        Arrays.fill(white, (byte) 255);
        byte[] grey = new byte[784];
        Arrays.fill(grey, (byte) 51);

        float[] whiteOut = Preprocessing.resize28to32(white);
        float[] greyOut = Preprocessing.resize28to32(grey);
        float[] blackOut = Preprocessing.resize28to32(new byte[784]);

        for (int i = 0; i < 1024; i++) {
            assertThat(whiteOut[i]).isEqualTo(1f);
            assertThat(greyOut[i]).isEqualTo(51 / 255f);
            assertThat(blackOut[i]).isEqualTo(0f);
        }
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> Preprocessing.resize28to32(new byte[783]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784");
        assertThatThrownBy(() -> Preprocessing.resizeAll(new byte[784], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Preprocessing.resize28to32(new byte[784], 1, new float[1024], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The JSON file: {@code {"about": ..., "images": [...]}}. */
    private record Vectors(String about, List<Vector> images) {}

    /**
     * One reference image.
     *
     * @param index the image's index in the training file
     * @param raw28 its 784 pixels, 0..255
     * @param resized32 torchvision's 1024 outputs in [0, 1]
     */
    private record Vector(int index, int[] raw28, float[] resized32) {

        byte[] raw28Bytes() {
            byte[] b = new byte[raw28.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) raw28[i];
            }
            return b;
        }
    }
}
