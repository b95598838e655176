package io.kdstream.core.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Converts a block's parameters to and from bytes, the payload of a published checkpoint.
 *
 * <p>The bytes are DJL's own parameter format ({@code Block.saveParameters}), which records
 * every parameter's shape; they carry no architecture name, so the record that carries them must.
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (IOException e) {
            throw new MalformedModelException("Checkpoint is truncated or unreadable", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MalformedModelException(
                    "Checkpoint does not fit architecture " + model.getName() + ": " + e.getMessage(),
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
}
