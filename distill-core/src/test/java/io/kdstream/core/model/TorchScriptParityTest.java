package io.kdstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kdstream.core.data.Mnist;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@code tutorial-teacher} is the tutorial's network, down to the flatten order and the
 * preprocessing.
 *
 * <p>A teacher traced in PyTorch ({@code vectors/teacher_lenet5.torchscript.pt}) is loaded with
 * DJL's PyTorch engine, its parameters are copied into our block by order and shape, and both
 * networks run on the first 16 MNIST test images as {@code MnistSplit.pixels32()} prepares them.
 * Our logits must equal the ones PyTorch recorded in {@code vectors/teacher_logits.json}: a wrong
 * flatten order, layer, padding or resize would change them. Plain JUnit, not a {@code
 * QuarkusTest}: no service is involved.
 */
class TorchScriptParityTest {

    private static final int IMAGES = 16;
    private static final double TOLERANCE = 1e-4;

    @Test
    void ourTeacherWithCopiedWeightsReproducesPyTorchLogits() throws Exception {
        float[][] expected = expectedLogits();
        float[] pixels =
                Arrays.copyOf(Mnist.test(Mnist.defaultDataDir()).pixels32(), IMAGES * 1024);
        Path torchScript =
                Path.of(getClass().getResource("/vectors/teacher_lenet5.torchscript.pt").toURI());
        Architecture architecture = ArchitectureRegistry.get(ArchitectureRegistry.TUTORIAL_TEACHER);

        try (Model traced = Model.newInstance("traced-teacher", Device.cpu(), "PyTorch");
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            traced.load(torchScript);
            Block ours = architecture.newBlock(WeightInit.DJL_DEFAULT);
            ours.initialize(manager, DataType.FLOAT32, architecture.inputShape());
            copyParameters(traced.getBlock().getParameters(), ours.getParameters());

            // (batch, channels, height, width)
            NDArray x = manager.create(pixels, new Shape(IMAGES, 1, 32, 32));
            float[] ourLogits =
                    ours.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            float[] tracedLogits =
                    traced.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();

            assertLogits("traced model", tracedLogits, expected);
            assertLogits("tutorial-teacher", ourLogits, expected);
        }
    }

    /** Copies parameters pairwise: both networks list conv1, conv2, fc1, fc2, fc3, weight first. */
    private static void copyParameters(ParameterList from, ParameterList to) {
        List<Pair<String, Parameter>> source = from.stream().toList();
        List<Pair<String, Parameter>> target = to.stream().toList();
        assertThat(source).hasSameSizeAs(target);
        for (int i = 0; i < source.size(); i++) {
            NDArray src = source.get(i).getValue().getArray();
            NDArray dst = target.get(i).getValue().getArray();
            assertThat(dst.getShape())
                    .as("%s vs %s", source.get(i).getKey(), target.get(i).getKey())
                    .isEqualTo(src.getShape());
            dst.set(src.toFloatArray());
        }
    }

    private static void assertLogits(String what, float[] actual, float[][] expected) {
        assertThat(actual).hasSize(IMAGES * 10);
        for (int b = 0; b < IMAGES; b++) {
            for (int k = 0; k < 10; k++) {
                assertThat((double) actual[b * 10 + k])
                        .as("%s logits[%d][%d]", what, b, k)
                        .isCloseTo(expected[b][k], offset(TOLERANCE));
            }
        }
    }

    private static float[][] expectedLogits() throws Exception {
        try (Reader reader =
                new InputStreamReader(
                        TorchScriptParityTest.class.getResourceAsStream(
                                "/vectors/teacher_logits.json"),
                        StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
            JsonArray rows = root.getAsJsonArray("logits");
            float[][] logits = new float[rows.size()][];
            for (int b = 0; b < logits.length; b++) {
                JsonArray row = rows.get(b).getAsJsonArray();
                logits[b] = new float[row.size()];
                for (int k = 0; k < logits[b].length; k++) {
                    logits[b][k] = row.get(k).getAsFloat();
                }
            }
            return logits;
        }
    }
}
