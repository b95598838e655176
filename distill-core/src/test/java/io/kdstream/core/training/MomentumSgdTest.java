package io.kdstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizer's steps against {@code torch.optim.SGD}'s own, and its state's round trip.
 *
 * <p>{@code vectors/sgd_momentum.json} holds what PyTorch computed (made by {@code
 * src/test/python/make_vectors.py}): parameters shaped like a DJL {@code Linear(4 -> 3)} block's, a
 * few steps of given gradients, and after each step the parameters and PyTorch's momentum buffers,
 * all float32. The same gradients go through {@link MomentumSgd}; its parameters and its exported
 * state must match PyTorch's after every step, so a wrong formula (dampening, Nesterov, the
 * learning rate inside the buffer as DJL's {@code Sgd} keeps it) or a state in the wrong order
 * shows here. Plain JUnit, not a {@code QuarkusTest}: the optimizer is plain DJL code.
 */
class MomentumSgdTest {

    private static final float LR = 0.1f;
    private static final float MOMENTUM = 0.9f;

    /** float32 sums in another order than PyTorch's may differ in the last places. */
    private static final double REL_TOL = 1e-6;

    private static final double ABS_FLOOR = 1e-7;

    static List<Arguments> torchCases() throws IOException {
        try (InputStream in =
                MomentumSgdTest.class.getResourceAsStream("/vectors/sgd_momentum.json")) {
            assertThat(in).as("test resource vectors/sgd_momentum.json").isNotNull();
            JsonObject root =
                    JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            List<Arguments> cases = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                String name = "lr " + c.get("learning_rate") + ", momentum " + c.get("momentum");
                cases.add(Arguments.of(name, c));
            }
            return cases;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void stepsAsTorchOptimSgd(String name, JsonObject c) {
        float lr = c.get("learning_rate").getAsFloat();
        float momentum = c.get("momentum").getAsFloat();
        JsonArray specs = c.getAsJsonArray("parameters");
        JsonArray steps = c.getAsJsonArray("steps");
        assertThat(steps).hasSizeGreaterThanOrEqualTo(3);
        try (NDManager manager = NDManager.newBaseManager();
                MomentumSgd sgd =
                        MomentumSgd.builder().setLearningRate(lr).optMomentum(momentum).build()) {
            Linear block = Linear.builder().setUnits(3).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            List<Parameter> parameters = block.getParameters().values();
            assertThat(parameters).hasSameSizeAs(specs);
            for (int i = 0; i < parameters.size(); i++) {
                JsonObject spec = specs.get(i).getAsJsonObject();
                NDArray weight = parameters.get(i).getArray();
                assertThat(weight.getShape().getShape())
                        .as("shape of %s", spec.get("name").getAsString())
                        .containsExactly(longs(spec.getAsJsonArray("shape")));
                weight.set(floats(spec.getAsJsonArray("initial")));
            }

            for (int s = 0; s < steps.size(); s++) {
                JsonObject step = steps.get(s).getAsJsonObject();
                JsonArray grads = step.getAsJsonArray("gradients");
                for (int i = 0; i < parameters.size(); i++) {
                    Parameter p = parameters.get(i);
                    NDArray weight = p.getArray();
                    float[] values = floats(grads.get(i).getAsJsonArray());
                    try (NDArray grad = manager.create(values, weight.getShape())) {
                        sgd.update(p.getId(), weight, grad);
                    }
                }
                JsonArray expected = step.getAsJsonArray("parameters");
                for (int i = 0; i < parameters.size(); i++) {
                    String what = specs.get(i).getAsJsonObject().get("name").getAsString();
                    assertClose(
                            parameters.get(i).getArray().toFloatArray(),
                            floats(expected.get(i).getAsJsonArray()),
                            "step " + (s + 1) + " " + what);
                }
                // PyTorch keeps no buffer without momentum; with it, its buffers in the block's
                // order are what the exported state must hold
                if (!step.get("momentum_buffers").isJsonNull()) {
                    assertClose(
                            stateFloats(sgd.exportState(block)),
                            concatenated(step.getAsJsonArray("momentum_buffers")),
                            "step " + (s + 1) + " momentum buffers");
                }
            }
        }
    }

    @Test
    void stateRoundTripsInBlockOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // a (2 x 3) weight and a (2) bias: 8 floats of state
            Linear block = Linear.builder().setUnits(2).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            byte[] state;
            try (MomentumSgd sgd =
                    MomentumSgd.builder().setLearningRate(LR).optMomentum(MOMENTUM).build()) {
                // before any step, the state is all zeros
                assertThat(sgd.exportState(block)).hasSize(8 * Float.BYTES).containsOnly(0);
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray weight = p.getValue().getArray();
                    try (NDArray grad = weight.onesLike()) {
                        sgd.update(p.getValue().getId(), weight, grad);
                    }
                }
                state = sgd.exportState(block);
            }
            // after one step with gradient 1, every buffer holds 1
            assertThat(stateFloats(state)).hasSize(8).containsOnly(1f);

            try (MomentumSgd restored =
                    MomentumSgd.builder().setLearningRate(LR).optMomentum(MOMENTUM).build()) {
                restored.importState(block, state);
                assertThat(restored.exportState(block)).isEqualTo(state);
                assertThatThrownBy(() -> restored.importState(block, new byte[12]))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("need 32");
            }
        }
    }

    @Test
    void rejectsOptionsItDoesNotImplement() {
        assertThatThrownBy(() -> MomentumSgd.builder().optMomentum(0.5f).build())
                .hasMessageContaining("learningRate");
        assertThatThrownBy(
                        () -> MomentumSgd.builder().setLearningRate(0.1f).optMomentum(1f).build())
                .hasMessageContaining("momentum");
        assertThatThrownBy(
                        () ->
                                MomentumSgd.builder()
                                        .setLearningRate(0.1f)
                                        .optWeightDecays(1e-4f)
                                        .build())
                .hasMessageContaining("weight decay");
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as("%s: size", what).hasSameSizeAs(expected);
        for (int k = 0; k < expected.length; k++) {
            double tolerance = Math.max(REL_TOL * Math.abs(expected[k]), ABS_FLOOR);
            assertThat((double) actual[k])
                    .as("%s[%d]: expected %s, got %s", what, k, expected[k], actual[k])
                    .isCloseTo(expected[k], offset(tolerance));
        }
    }

    private static float[] stateFloats(byte[] state) {
        float[] values = new float[state.length / Float.BYTES];
        ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static float[] concatenated(JsonArray arrays) {
        int size = 0;
        for (JsonElement a : arrays) {
            size += a.getAsJsonArray().size();
        }
        float[] values = new float[size];
        int at = 0;
        for (JsonElement a : arrays) {
            float[] part = floats(a.getAsJsonArray());
            System.arraycopy(part, 0, values, at, part.length);
            at += part.length;
        }
        return values;
    }

    private static float[] floats(JsonArray json) {
        float[] values = new float[json.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = json.get(i).getAsFloat();
        }
        return values;
    }

    private static long[] longs(JsonArray json) {
        long[] values = new long[json.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = json.get(i).getAsLong();
        }
        return values;
    }
}
