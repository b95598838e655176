package io.kdstream.core.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a block's parameters to and from bytes, the payload of a published checkpoint.
 *
 * <p>The bytes are DJL's own parameter format ({@code Block.saveParameters}), which records every
 * parameter's shape; they carry no architecture name, so the record that carries them must.
 */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * Serializes the parameters of an initialized block.
     *
     * @param block the block, such as {@code model.getBlock()}
     * @return the parameters in DJL's format
     */
    public static byte[] toBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads parameters into a model's block, replacing its current ones.
     *
     * @param model the model, whose block has the architecture that wrote the bytes
     * @param parameters bytes from {@link #toBytes(Block)}
     * @throws MalformedModelException if the bytes are truncated or belong to another architecture
     */
    public static void load(Model model, byte[] parameters) throws MalformedModelException {
        Block block = model.getBlock();
        // DJL's loader takes whatever shapes the bytes hold, so compare them with the block's
        List<Shape> expected = block.isInitialized() ? shapes(block) : null;
        List<NDArray> replaced = block.isInitialized() ? arrays(block) : List.of();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(model.getNDManager(), in);
            if (in.read() != -1) {
                throw new MalformedModelException(
                        "Checkpoint has bytes left over: it was written by a larger network");
            }
            if (expected != null && !expected.equals(shapes(block))) {
                throw new MalformedModelException(
                        "Checkpoint parameter shapes "
                                + shapes(block)
                                + " do not fit architecture "
                                + model.getName()
                                + " "
                                + expected);
            }
            // the arrays the loaded ones replace would otherwise live as long as the model
            for (NDArray old : replaced) {
                old.close();
            }
        } catch (IOException e) {
            throw new MalformedModelException("Checkpoint is truncated or unreadable", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MalformedModelException(
                    "Checkpoint does not fit architecture "
                            + model.getName()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Creates a model of a named architecture holding the given parameters.
     *
     * @param architecture a name known to {@link ArchitectureRegistry}
     * @param device the device of the parameters
     * @param parameters bytes from {@link #toBytes(Block)}
     * @return a new model; the caller closes it
     * @throws MalformedModelException if the bytes do not fit the architecture
     */
    public static Model newModel(String architecture, Device device, byte[] parameters)
            throws MalformedModelException {
        Architecture arch = ArchitectureRegistry.get(architecture);
        TorchBackends.apply();
        Model model = Model.newInstance(arch.name(), device);
        try {
            Block block = arch.newBlock(WeightInit.DJL_DEFAULT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape());
            load(model, parameters);
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static List<Shape> shapes(Block block) {
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            shapes.add(p.getValue().getShape());
        }
        return shapes;
    }

    private static List<NDArray> arrays(Block block) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            arrays.add(p.getValue().getArray());
        }
        return arrays;
    }
}
