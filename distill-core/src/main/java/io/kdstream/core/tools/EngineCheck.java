package io.kdstream.core.tools;

import ai.djl.engine.Engine;

/**
 * Loads DJL's PyTorch engine once and prints what it found; exits 1 if it cannot load.
 *
 * <p>It exists for container image builds: run as the image's runtime user with the image's {@code
 * DJL_CACHE_DIR} and {@code -Dai.djl.offline=true}, it extracts libtorch from the {@code
 * pytorch-native-cpu} jar into the cache inside the image layer, so that containers start without
 * extracting hundreds of megabytes each time, and it fails the build if the natives do not load
 * offline. With {@code --require-gpu} it also fails when the engine sees no GPU.
 */
public final class EngineCheck {

    private EngineCheck() {}

    /**
     * Runs the check.
     *
     * @param args {@code --require-gpu} to fail without a visible GPU
     */
    public static void main(String[] args) {
        boolean requireGpu = args.length > 0 && "--require-gpu".equals(args[0]);
        try {
            Engine engine = Engine.getEngine("PyTorch");
            int gpus = engine.getGpuCount();
            System.out.println(
                    "EngineCheck: "
                            + engine.getEngineName()
                            + " "
                            + engine.getVersion()
                            + ", default device "
                            + engine.defaultDevice()
                            + ", GPUs "
                            + gpus);
            if (requireGpu && gpus == 0) {
                System.err.println("EngineCheck: no GPU visible to the engine");
                System.exit(1);
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("EngineCheck: the PyTorch engine did not load: " + e);
            System.exit(1);
        }
    }
}
