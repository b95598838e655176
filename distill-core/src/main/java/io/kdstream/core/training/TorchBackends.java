package io.kdstream.core.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide libtorch switches that DJL does not expose; {@link #apply()} sets them once per JVM,
 * before the first model is made.
 *
 * <p>One switch today: oneDNN (MKLDNN) convolutions, off by default, as {@code
 * torch.backends.mkldnn.enabled = False} does in Python. On an AMD EPYC with AVX-512, libtorch
 * 2.7.1's oneDNN convolution backward gave NaN gradients in about half of the short training runs
 * of one JVM (one output channel of the first convolution, from the first steps on; the first run
 * of a JVM was clean, later ones were not; with the AVX2 kernels too). With oneDNN off, libtorch
 * uses its own im2col + GEMM convolution and the same runs never went NaN (TorchBackendsTest).
 * {@code KD_TORCH_MKLDNN=true} (or {@code -Dkd.torch.mkldnn=true}) turns it back on.
 *
 * <p>With oneDNN off, libtorch next tries NNPACK for every convolution; on x86 without it, each try
 * logs "Could not initialize NNPACK! Reason: Unsupported hardware." (thousands of lines a minute),
 * so NNPACK is switched off with it ({@code torch.backends.nnpack.enabled = False}).
 *
 * <p>DJL has no call for it, so this calls libtorch's {@code
 * at::globalContext().setUserEnabledMkldnn(bool)} through JNA, by its C++ symbol in {@code
 * libtorch_cpu}, which DJL has already loaded. If the symbol is missing (another libtorch), it logs
 * a warning and leaves libtorch as it is.
 */
public final class TorchBackends {

    /** System property that turns oneDNN convolutions on; wins over the environment variable. */
    public static final String MKLDNN_PROPERTY = "kd.torch.mkldnn";

    /** Environment variable that turns oneDNN convolutions on. */
    public static final String MKLDNN_ENV = "KD_TORCH_MKLDNN";

    private static final Logger LOG = LoggerFactory.getLogger(TorchBackends.class);
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String GET_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";

    private static boolean applied;
    private static Boolean mkldnnAfterApply;

    private TorchBackends() {}

    /**
     * Applies the switches to this JVM's libtorch, once; later calls return at once.
     *
     * @return whether oneDNN was enabled by the first call, or {@code null} if libtorch could not
     *     be asked
     */
    public static synchronized Boolean apply() {
        if (applied) {
            return mkldnnAfterApply;
        }
        applied = true;
        boolean wanted = mkldnnWanted();
        Boolean now = setMkldnn(wanted);
        mkldnnAfterApply = now;
        LOG.info(
                "libtorch oneDNN convolutions {} ({}={})",
                now == null ? "left as they are" : now ? "on" : "off",
                MKLDNN_ENV,
                wanted);
        return now;
    }

    /**
     * Returns whether libtorch uses oneDNN, as {@code torch.backends.mkldnn.enabled} would say.
     *
     * @return the setting, or {@code null} if libtorch could not be asked
     */
    public static Boolean mkldnnEnabled() {
        return ask(GET_MKLDNN);
    }

    /** Calls one of the context's {@code bool} getters. */
    private static Boolean ask(String getter) {
        try {
            NativeLibrary torch = libtorch();
            Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            return (torch.getFunction(getter).invokeInt(new Object[] {context}) & 0xff) != 0;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Returns whether libtorch may use NNPACK, as {@code torch.backends.nnpack.enabled} would say.
     *
     * @return the setting, or {@code null} if libtorch could not be asked
     */
    public static Boolean nnpackEnabled() {
        return ask(GET_NNPACK);
    }

    static boolean mkldnnWanted() {
        String value = System.getProperty(MKLDNN_PROPERTY, System.getenv(MKLDNN_ENV));
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "on" -> true;
            case "false", "0", "off" -> false;
            default ->
                    throw new IllegalArgumentException(
                            MKLDNN_ENV + " must be true or false, got '" + value + "'");
        };
    }

    private static Boolean setMkldnn(boolean enabled) {
        try {
            NativeLibrary torch = libtorch();
            Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            Function set = torch.getFunction(SET_MKLDNN);
            set.invokeVoid(new Object[] {context, enabled});
            if (!enabled) {
                torch.getFunction(SET_NNPACK).invokeVoid(new Object[] {context, false});
            }
            return mkldnnEnabled();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(
                    "cannot switch libtorch's oneDNN {}: {}", enabled ? "on" : "off", e.toString());
            return null;
        }
    }

    /** libtorch_cpu, which DJL loaded when its engine started. */
    private static NativeLibrary libtorch() {
        Engine.getEngine("PyTorch");
        Path dir = Path.of(LibUtils.getLibtorchPath());
        Path lib = Files.isDirectory(dir) ? dir.resolve(System.mapLibraryName("torch_cpu")) : dir;
        return NativeLibrary.getInstance(lib.toString());
    }
}
