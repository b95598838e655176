package io.kdstream.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kdstream.core.loss.DistillationLoss.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link DistillationLoss} values and gradients against PyTorch's reference vectors.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: the loss is a pure function of arrays. The vectors in
 * {@code vectors/kd_loss.json} call the tutorial mode {@code seed}.
 */
class DistillationLossTest {

    private static final double REL_TOL = 1e-5;
    private static final double ABS_FLOOR = 1e-7;

    static List<JsonObject> cases() throws IOException {
        try (InputStream in =
                DistillationLossTest.class.getResourceAsStream("/vectors/kd_loss.json")) {
            JsonObject root =
                    JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            List<JsonObject> cases = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) {
                cases.add(e.getAsJsonObject());
            }
            return cases;
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void matchesPyTorchValueAndGradient(JsonObject c) {
        String jsonMode = c.get("mode").getAsString();
        Mode mode = Mode.parse("seed".equals(jsonMode) ? "tutorial" : jsonMode);
        float alpha = c.get("alpha").getAsFloat();
        float temperature = c.get("temperature").getAsFloat();
        float[][] student = matrix(c.getAsJsonArray("student_logits"));
        float[][] teacher = matrix(c.getAsJsonArray("teacher_logits"));
        float[][] expectedGrad = matrix(c.getAsJsonArray("grad_student_logits"));
        JsonArray labelsJson = c.getAsJsonArray("labels");
        int[] labels = new int[labelsJson.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelsJson.get(i).getAsInt();
        }
        DistillationLoss loss = new DistillationLoss(mode, alpha, temperature);

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(student);
            s.setRequiresGradient(true);
            NDList labelList = new NDList(manager.create(labels), manager.create(teacher));
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.evaluate(labelList, new NDList(s));
                assertThat(l.getShape()).isEqualTo(new Shape());
                value = l.getFloat();
                collector.backward(l);
            }
            assertClose(value, c.get("loss").getAsDouble(), "loss");
            float[] grad = s.getGradient().toFloatArray();
            int classes = student[0].length;
            for (int b = 0; b < student.length; b++) {
                for (int k = 0; k < classes; k++) {
                    assertClose(
                            grad[b * classes + k],
                            expectedGrad[b][k],
                            "grad[" + b + "][" + k + "]");
                }
            }
        }
    }

    /**
     * Few labels, by hand: 2 images, 2 classes, T = 1, alpha = 0.5. Image A is labelled 0, with
     * student and teacher logits [0, 0]: its cross-entropy is ln 2 and its KL term 0. Image B has
     * no label (-1), student [0, ln 3] (q = [1/4, 3/4]) and teacher [ln 3, 0] (p = [3/4, 1/4]):
     * KL(p || q) = KL(q || p) = 3/4 ln 3 - 1/4 ln 3 = ln(3) / 2, weighted by 1 - 0 (no hard term).
     * Mean over the batch: (0.5 ln 2 + 0.5 ln 3) / 2 = ln(6) / 4; scratch (none) averages the
     * cross-entropy over labelled images only: ln 2.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void imagesWithoutALabelTrainOnlyOnTheTeacher(Mode mode) {
        float ln3 = (float) Math.log(3);
        float[][] student = {{0f, 0f}, {0f, ln3}};
        float[][] teacher = {{0f, 0f}, {ln3, 0f}};
        DistillationLoss loss = new DistillationLoss("kd", mode, 0.5f, 1f, true);
        double expected = mode == Mode.NONE ? Math.log(2) : Math.log(6) / 4;
        assertThat(value(loss, student, teacher, new int[] {0, -1}))
                .isCloseTo(expected, offset(1e-6));
    }

    /** T^2 scales the unlabelled image's term: by hand, KL at T = 2 is (2 - sqrt 3) ln(3) / 2. */
    @Test
    void theTemperatureSquaredScalesTheSoftTermOfUnlabelledImages() {
        float ln3 = (float) Math.log(3);
        float[][] student = {{0f, 0f}, {0f, ln3}};
        float[][] teacher = {{0f, 0f}, {ln3, 0f}};
        DistillationLoss loss = new DistillationLoss("kd", Mode.HINTON, 0.5f, 2f, true);
        double kl = (2 - Math.sqrt(3)) * Math.log(3) / 2;
        double expected = (0.5 * Math.log(2) + 4 * kl) / 2;
        assertThat(value(loss, student, teacher, new int[] {0, -1}))
                .isCloseTo(expected, offset(1e-6));
    }

    /** With every label present, the few-labels path computes the ordinary loss. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void withEveryLabelPresentThePartialPathEqualsTheOrdinaryOne(Mode mode) {
        float[][] student = {{1.5f, -0.5f, 0.25f}, {-1f, 2f, 0.5f}, {0.1f, 0.2f, -0.3f}};
        float[][] teacher = {{2f, 0f, -1f}, {0f, 3f, 1f}, {1f, 1f, 2f}};
        int[] labels = {0, 1, 2};
        double ordinary = value(new DistillationLoss(mode, 0.3f, 4f), student, teacher, labels);
        double partial =
                value(new DistillationLoss("kd", mode, 0.3f, 4f, true), student, teacher, labels);
        assertThat(partial).isCloseTo(ordinary, offset(1e-5));
    }

    private static double value(
            DistillationLoss loss, float[][] student, float[][] teacher, int[] labels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labelList = new NDList(manager.create(labels), manager.create(teacher));
            NDArray l = loss.evaluate(labelList, new NDList(manager.create(student)));
            assertThat(l.getShape()).isEqualTo(new Shape());
            return l.getFloat();
        }
    }

    /**
     * A garbage collection between forward and backward must not change the gradient.
     *
     * <p>DJL's {@code NDArray.div(Number)} and its kin wrap the number in a scalar array over a
     * Java direct buffer, run the operation and close the scalar; autograd has saved that scalar
     * for the backward pass, and a collection in between frees its memory. Reused memory then
     * turned gradients into NaN in about one training job in twenty (the first job of a new worker
     * most often, while its heap still grows). Here the freed memory is refilled with NaN bytes
     * before the backward pass, so such a scalar cannot go unnoticed.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void gradientSurvivesAGarbageCollectionBeforeBackward(Mode mode) throws InterruptedException {
        DistillationLoss loss = new DistillationLoss(mode, 0.3f, 4f);
        float[][] student = {{1.5f, -0.5f, 0.25f}, {-1f, 2f, 0.5f}};
        float[][] teacher = {{2f, 0f, -1f}, {0f, 3f, 1f}};
        int[] labels = {0, 1};
        float[] quiet = gradient(loss, student, teacher, labels, false);
        float[] collected = gradient(loss, student, teacher, labels, true);
        for (float g : quiet) {
            assertThat(Float.isFinite(g)).isTrue();
        }
        assertThat(collected).as("gradient after a GC, mode %s", mode).containsExactly(quiet);
    }

    private static float[] gradient(
            DistillationLoss loss, float[][] student, float[][] teacher, int[] labels, boolean gc)
            throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(student);
            s.setRequiresGradient(true);
            NDList labelList = new NDList(manager.create(labels), manager.create(teacher));
            List<ByteBuffer> filler = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.evaluate(labelList, new NDList(s));
                if (gc) {
                    // free every unreachable direct buffer, then take their memory back as NaNs
                    System.gc();
                    Thread.sleep(200);
                    for (int i = 0; i < 20_000; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                        while (b.hasRemaining()) {
                            b.put((byte) 0xFF);
                        }
                        filler.add(b);
                    }
                }
                collector.backward(l);
            }
            float[] grad = s.getGradient().toFloatArray();
            // the arrays stay reachable until here
            assertThat(labelList).hasSize(2);
            assertThat(filler).hasSize(gc ? 20_000 : 0);
            return grad;
        }
    }

    @Test
    void noneModeIgnoresMissingTeacherLogits() {
        DistillationLoss loss = new DistillationLoss(Mode.NONE, 0.3f, 2f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(new float[][] {{0f, 0f}, {0f, 0f}});
            float value =
                    loss.evaluate(new NDList(manager.create(new int[] {0, 1})), new NDList(s))
                            .getFloat();
            assertThat((double) value).isCloseTo(Math.log(2), offset(1e-6));
        }
    }

    @Test
    void distillingModesNeedTeacherLogits() {
        DistillationLoss loss = new DistillationLoss(Mode.HINTON, 0.3f, 2f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.create(new int[] {0}));
            NDList predictions = new NDList(manager.create(new float[][] {{0f, 1f}}));
            assertThatThrownBy(() -> loss.evaluate(labels, predictions))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("teacher logits");
        }
    }

    @Test
    void validatesAlphaAndTemperature() {
        assertThatThrownBy(() -> new DistillationLoss(Mode.HINTON, 1.5f, 2f))
                .hasMessageContaining("alpha")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new DistillationLoss(Mode.HINTON, Float.NaN, 2f))
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DistillationLoss(Mode.HINTON, 0.5f, 0f))
                .hasMessageContaining("temperature")
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> new DistillationLoss(Mode.HINTON, 0.5f, Float.POSITIVE_INFINITY))
                .hasMessageContaining("temperature");
        assertThat(new DistillationLoss(Mode.TUTORIAL, 0f, 0.5f).getName())
                .isEqualTo(DistillationLoss.DEFAULT_NAME);
    }

    @Test
    void parsesModeNames() {
        assertThat(Mode.parse("hinton")).isEqualTo(Mode.HINTON);
        assertThat(Mode.parse(" Tutorial ")).isEqualTo(Mode.TUTORIAL);
        assertThat(Mode.parse("NONE")).isEqualTo(Mode.NONE);
        assertThatThrownBy(() -> Mode.parse("seed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hinton, tutorial, none");
    }

    private static void assertClose(double actual, double expected, String what) {
        double tolerance = Math.max(REL_TOL * Math.abs(expected), ABS_FLOOR);
        assertThat(actual)
                .as("%s: expected %s, got %s", what, expected, actual)
                .isCloseTo(expected, offset(tolerance));
    }

    private static float[][] matrix(JsonArray rows) {
        float[][] m = new float[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            m[i] = new float[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = row.get(j).getAsFloat();
            }
        }
        return m;
    }
}
