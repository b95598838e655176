package io.kdstream.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A network known by a stable name, as found in the {@link ArchitectureRegistry}.
 *
 * <p>The name travels in job records and checkpoints, so a checkpoint is only ever loaded into the
 * architecture that wrote it.
 *
 * @param name the stable name, such as {@code tutorial-teacher}
 * @param description one line for humans
 * @param inputShape the input shape with a batch of one, (batch, channels, height, width)
 * @param numClasses the width of the logits
 * @param factory builds a new, uninitialized block
 */
public record Architecture(
        String name,
        String description,
        Shape inputShape,
        int numClasses,
        Supplier<Block> factory) {

    /** Validates the fields. */
    public Architecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * Builds a new, uninitialized block with the given weight initialization.
     *
     * @param weightInit how to draw the initial weights
     * @return a new block
     */
    public Block newBlock(WeightInit weightInit) {
        return weightInit.apply(factory.get());
    }

    /**
     * Counts the scalar parameters of an initialized block.
     *
     * @param block an initialized block
     * @return the number of scalars over all parameters
     */
    public static long countParameters(Block block) {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape shape = p.getValue().getShape();
            if (shape == null) {
                throw new IllegalStateException(
                        "Parameter " + p.getKey() + " has no shape: initialize the block first");
            }
            count += shape.size();
        }
        return count;
    }
}
