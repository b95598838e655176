package io.kdstream.core.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Locale;

/**
 * How the weights and biases of a freshly built network are drawn.
 *
 * <p>DJL and PyTorch disagree on defaults: DJL draws convolution and linear weights with Xavier and
 * sets biases to zero, while PyTorch's {@code Conv2d} and {@code Linear} draw both from
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming-uniform with a = sqrt(5)). The tutorial being
 * reproduced ran with PyTorch's defaults, and with SGD they train noticeably faster on these small
 * networks, so both are selectable.
 */
public enum WeightInit {

    /** DJL's own defaults: Xavier weights, zero biases. */
    DJL_DEFAULT("djl-default"),

    /** PyTorch's defaults: weights and biases from U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    PYTORCH_DEFAULT("pytorch-default");

    private final String configName;

    WeightInit(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration, such as {@code pytorch-default}.
     *
     * @return the configuration name
     */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configuration name; the enum constant's name is accepted too.
     *
     * @param value {@code djl-default} or {@code pytorch-default}, case-insensitive
     * @return the matching scheme
     * @throws IllegalArgumentException if the value names no scheme
     */
    public static WeightInit parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (WeightInit init : values()) {
                if (init.configName.equals(v)) {
                    return init;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown weight init '" + value + "'; valid values: djl-default, pytorch-default");
    }

    /**
     * Sets the initializers of every layer of a block that is not yet initialized.
     *
     * <p>For {@link #PYTORCH_DEFAULT}, each block holding a {@link Parameter.Type#WEIGHT} parameter
     * (convolution, linear) gets a {@link FanInUniformInitializer} on that weight and on its bias,
     * both bounded by the weight's fan-in. {@link #DJL_DEFAULT} leaves the block as built.
     *
     * @param block the network, before {@code initialize}
     * @return the same block
     */
    public Block apply(Block block) {
        if (this == PYTORCH_DEFAULT) {
            applyPyTorchDefault(block);
        }
        return block;
    }

    private static void applyPyTorchDefault(Block block) {
        Parameter weight = null;
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                weight = p;
            }
        }
        if (weight != null) {
            for (Parameter p : block.getDirectParameters().values()) {
                if (p.getType() == Parameter.Type.WEIGHT) {
                    p.setInitializer(FanInUniformInitializer.forWeight());
                } else if (p.getType() == Parameter.Type.BIAS) {
                    p.setInitializer(FanInUniformInitializer.forBiasOf(weight));
                }
            }
        }
        for (Block child : block.getChildren().values()) {
            applyPyTorchDefault(child);
        }
    }
}
