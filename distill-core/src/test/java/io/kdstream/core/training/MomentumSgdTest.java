package io.kdstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The optimizer's update against PyTorch's SGD formula worked by hand, and its state's round trip.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: the optimizer is plain DJL code.
 */
class MomentumSgdTest {

    private static final float LR = 0.1f;
    private static final float MOMENTUM = 0.9f;

    @Test
    void updatesAsTorchOptimSgd() {
        try (NDManager manager = NDManager.newBaseManager();
                MomentumSgd sgd =
                        MomentumSgd.builder().setLearningRate(LR).optMomentum(MOMENTUM).build()) {
            float[] w0 = {1f, -2f, 0.5f};
            float[] g1 = {0.5f, -1f, 2f};
            float[] g2 = {-0.25f, 0.75f, 1f};
            NDArray weight = manager.create(w0);
            try (NDArray grad1 = manager.create(g1);
                    NDArray grad2 = manager.create(g2)) {
                sgd.update("p", weight, grad1);
                sgd.update("p", weight, grad2);
            }
            // torch.optim.SGD(lr=0.1, momentum=0.9): buf1 = g1; w1 = w0 - lr*buf1;
            // buf2 = 0.9*buf1 + g2; w2 = w1 - lr*buf2
            float[] expected = new float[3];
            for (int i = 0; i < 3; i++) {
                float w1 = w0[i] - LR * g1[i];
                float buf2 = MOMENTUM * g1[i] + g2[i];
                expected[i] = w1 - LR * buf2;
            }
            float[] actual = weight.toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
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
            float[] values = new float[8];
            ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            assertThat(values).containsOnly(1f);

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
}
