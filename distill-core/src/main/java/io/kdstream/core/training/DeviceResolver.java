package io.kdstream.core.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Maps the {@code kd.device} setting ({@code auto}, {@code cpu} or {@code gpu}) to a DJL {@link
 * Device}.
 *
 * <p>Every service resolves its device here, and the same device goes to {@code optDevices} and to
 * the managers that hold batch data, so a job never splits over GPUs by accident.
 */
public final class DeviceResolver {

    /** The configuration key this resolver reads values of. */
    public static final String PROPERTY = "kd.device";

    private DeviceResolver() {}

    /**
     * Resolves a device setting with the default engine.
     *
     * @param value {@code auto} (first GPU, else CPU), {@code cpu} or {@code gpu};
     *     case-insensitive, {@code null} or blank means {@code auto}
     * @return the device
     * @throws IllegalArgumentException if the value is none of the above
     * @throws IllegalStateException if {@code gpu} is asked for and the engine sees no GPU
     */
    public static Device resolve(String value) {
        return resolve(value, Engine.getInstance());
    }

    /**
     * Resolves a device setting with the given engine.
     *
     * @param value {@code auto}, {@code cpu} or {@code gpu}, case-insensitive
     * @param engine the engine whose devices are used
     * @return the device
     * @throws IllegalArgumentException if the value is none of the above
     * @throws IllegalStateException if {@code gpu} is asked for and the engine sees no GPU
     */
    public static Device resolve(String value, Engine engine) {
        String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "":
            case "auto":
                return engine.defaultDevice();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (engine.getGpuCount() == 0) {
                    throw new IllegalStateException(
                            PROPERTY
                                    + "=gpu but the "
                                    + engine.getEngineName()
                                    + " engine sees no GPU (CPU-only libtorch, no driver, or no"
                                    + " device visible); use "
                                    + PROPERTY
                                    + "=cpu or auto");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException(
                        "Unknown " + PROPERTY + " '" + value + "'; valid values: auto, cpu, gpu");
        }
    }
}
