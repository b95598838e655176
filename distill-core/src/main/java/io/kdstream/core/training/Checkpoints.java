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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a block's parameters to and from bytes, the payload of a published checkpoint.
 *
 * <p>The bytes are DJL's own parameter format ({@code Block.saveParameters}), which records every
 * parameter's shape; they carry no architecture name, so the record that carries them must.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

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
        if (block.isInitialized()) {
            requireLayoutOf(block, model.getName(), parameters);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(model.getNDManager(), in);
            if (in.read() != -1) {
                throw new MalformedModelException(
                        "Checkpoint has bytes left over: it was written by a larger network");
            }
            requireFinite(block, model.getName());
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
            // random values in every array, biases too, so that the layout check finds each one
            Block block = arch.newBlock(WeightInit.PYTORCH_DEFAULT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape());
            load(model, parameters);
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Checks that bytes have the layout of the block's own parameters before DJL reads them: the
     * same length, and the same bytes everywhere but in the arrays' data (names, data types,
     * shapes, declared lengths). DJL allocates each array at the length the bytes declare, before
     * it reads the data, so a record that declares gigabytes would otherwise exhaust memory with an
     * error no caller catches.
     *
     * <p>The layout comes from the block itself: its own serialization, in which each parameter's
     * data is found by its values (DJL writes them as {@code toByteArray} gives them, each after
     * its length as a big-endian int).
     */
    private static void requireLayoutOf(Block block, String architecture, byte[] parameters)
            throws MalformedModelException {
        byte[] layout = toBytes(block);
        if (parameters.length != layout.length) {
            throw new MalformedModelException(
                    "Checkpoint of "
                            + parameters.length
                            + " bytes and the "
                            + layout.length
                            + " bytes of architecture "
                            + architecture
                            + "'s parameters do not fit: it is truncated, padded or of another"
                            + " architecture");
        }
        int from = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            byte[] data = p.getValue().getArray().toByteArray();
            int at = indexOf(layout, data, from);
            if (at < Integer.BYTES
                    || ByteBuffer.wrap(layout, at - Integer.BYTES, Integer.BYTES).getInt()
                            != data.length) {
                // DJL writes otherwise than this check knows: load unchecked rather than refuse
                LOG.warn(
                        "cannot find parameter {} in its own serialization: checkpoint layout"
                                + " unchecked",
                        p.getKey());
                return;
            }
            if (!Arrays.equals(layout, from, at, parameters, from, at)) {
                throw new MalformedModelException(
                        "Checkpoint does not fit architecture "
                                + architecture
                                + ": the name, type, shape or declared length of parameter "
                                + p.getKey()
                                + " differs");
            }
            from = at + data.length;
        }
        if (!Arrays.equals(layout, from, layout.length, parameters, from, layout.length)) {
            throw new MalformedModelException(
                    "Checkpoint does not fit architecture "
                            + architecture
                            + ": its last bytes differ");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<Shape> shapes(Block block) {
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            shapes.add(p.getValue().getShape());
        }
        return shapes;
    }

    /**
     * Refuses parameters holding NaN or infinity: such a model answers NaN for every image, so it
     * is not a model to evaluate or resume from but a corrupt record (kd-stream's own trainers stop
     * a run whose loss turns non-finite, so they never publish one). Reading every value back is
     * cheap next to loading: LeNet-5 has 62k of them.
     */
    private static void requireFinite(Block block, String architecture)
            throws MalformedModelException {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] values = p.getValue().getArray().toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new MalformedModelException(
                            "Checkpoint parameter "
                                    + p.getKey()
                                    + " of "
                                    + architecture
                                    + " holds "
                                    + values[i]
                                    + " at index "
                                    + i
                                    + ": a checkpoint must hold finite values only");
                }
            }
        }
    }

    private static List<NDArray> arrays(Block block) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            arrays.add(p.getValue().getArray());
        }
        return arrays;
    }
}
