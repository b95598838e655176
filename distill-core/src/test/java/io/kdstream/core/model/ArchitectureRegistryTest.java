package io.kdstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the architectures' names, parameter counts, output shapes and weight initialization.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: blocks are built and initialized without any service.
 */
class ArchitectureRegistryTest {

    @ParameterizedTest
    @CsvSource({"tutorial-teacher, 81194", "tutorial-student, 46164"})
    void pinsParameterCountsAndOutputShape(String name, long expectedParameters) {
        Architecture architecture = ArchitectureRegistry.get(name);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = architecture.newBlock(WeightInit.DJL_DEFAULT);
            block.initialize(manager, DataType.FLOAT32, architecture.inputShape());
            assertThat(Architecture.countParameters(block)).isEqualTo(expectedParameters);

            // (batch, channels, height, width) = (3, 1, 32, 32) -> (3, 10) logits
            NDArray x = manager.randomUniform(0f, 1f, new Shape(3, 1, 32, 32));
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void unknownNameListsKnownArchitectures() {
        assertThat(ArchitectureRegistry.names())
                .containsExactly("tutorial-teacher", "tutorial-student");
        assertThatThrownBy(() -> ArchitectureRegistry.get("resnet-50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resnet-50")
                .hasMessageContaining("tutorial-teacher")
                .hasMessageContaining("tutorial-student");
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void parsesWeightInitNames(WeightInit init) {
        assertThat(WeightInit.parse(init.configName())).isEqualTo(init);
        assertThat(WeightInit.parse(init.name())).isEqualTo(init);
    }

    @Test
    void pyTorchDefaultDrawsWeightsAndBiasesWithinFanInBound() {
        Engine.getInstance().setRandomSeed(7);
        Architecture architecture = ArchitectureRegistry.get(ArchitectureRegistry.TUTORIAL_TEACHER);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = architecture.newBlock(WeightInit.PYTORCH_DEFAULT);
            block.initialize(manager, DataType.FLOAT32, architecture.inputShape());

            Shape weightShape = null;
            int checked = 0;
            for (Pair<String, Parameter> pair : block.getParameters()) {
                Parameter p = pair.getValue();
                if (p.getType() == Parameter.Type.WEIGHT) {
                    weightShape = p.getShape();
                }
                // weights come before their bias: both use the weight's fan-in
                float bound = FanInUniformInitializer.bound(weightShape);
                float[] values = p.getArray().toFloatArray();
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : values) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertThat(min).as("%s min", pair.getKey()).isGreaterThanOrEqualTo(-bound);
                assertThat(max).as("%s max", pair.getKey()).isLessThanOrEqualTo(bound);
                assertThat(max - min).as("%s spread", pair.getKey()).isGreaterThan(bound / 4);
                checked++;
            }
            // conv1, conv2, fc1, fc2, fc3: weight and bias each
            assertThat(checked).isEqualTo(10);
            // conv1 fan-in 1*3*3 and fc1 fan-in 16*6*6 as in PyTorch
            assertThat(FanInUniformInitializer.fanIn(new Shape(6, 1, 3, 3))).isEqualTo(9);
            assertThat(FanInUniformInitializer.fanIn(new Shape(120, 576))).isEqualTo(576);
        }
    }

    @Test
    void djlDefaultKeepsZeroBiases() {
        Architecture architecture = ArchitectureRegistry.get(ArchitectureRegistry.TUTORIAL_STUDENT);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = architecture.newBlock(WeightInit.DJL_DEFAULT);
            block.initialize(manager, DataType.FLOAT32, architecture.inputShape());
            for (Pair<String, Parameter> pair : block.getParameters()) {
                if (pair.getValue().getType() == Parameter.Type.BIAS) {
                    assertThat(pair.getValue().getArray().abs().max().getFloat()).isZero();
                }
            }
        }
    }
}
