package io.kdstream.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * An {@link Initializer} drawing from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default for
 * {@code Conv2d} and {@code Linear}.
 *
 * <p>PyTorch draws weights with {@code kaiming_uniform_(w, a=sqrt(5))}, whose bound gain * sqrt(3 /
 * fan_in) with gain = sqrt(2 / (1 + a^2)) simplifies to 1/sqrt(fan_in), and draws biases from the
 * same range. The fan-in of a weight of shape (out, in, kh, kw) or (out, in) is the product of all
 * axes but the first. A bias (out) has no fan-in of its own, so its initializer reads the shape of
 * its layer's weight, which DJL has set by the time parameters are initialized.
 */
public final class FanInUniformInitializer implements Initializer {

    private final Parameter weight;

    private FanInUniformInitializer(Parameter weight) {
        this.weight = weight;
    }

    /**
     * Returns an initializer for a weight, bounded by the fan-in of the shape it initializes.
     *
     * @return the initializer
     */
    public static FanInUniformInitializer forWeight() {
        return new FanInUniformInitializer(null);
    }

    /**
     * Returns an initializer for a bias, bounded by the fan-in of its layer's weight.
     *
     * @param weight the weight parameter of the same layer
     * @return the initializer
     */
    public static FanInUniformInitializer forBiasOf(Parameter weight) {
        return new FanInUniformInitializer(weight);
    }

    /**
     * Returns the fan-in of a weight shape: the product of every axis but the first.
     *
     * @param weightShape (out, in, kh, kw) or (out, in)
     * @return the fan-in
     */
    public static long fanIn(Shape weightShape) {
        if (weightShape.dimension() < 2) {
            throw new IllegalArgumentException("A weight has at least 2 axes, got " + weightShape);
        }
        return weightShape.size() / weightShape.get(0);
    }

    /**
     * Returns the bound 1/sqrt(fan_in) for a weight shape.
     *
     * @param weightShape (out, in, kh, kw) or (out, in)
     * @return the bound of the uniform range
     */
    public static float bound(Shape weightShape) {
        return (float) (1.0 / Math.sqrt(fanIn(weightShape)));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        Shape weightShape = weight == null ? shape : weight.getShape();
        if (weightShape == null) {
            throw new IllegalStateException(
                    "Weight '" + weight.getName() + "' has no shape yet; cannot size its bias");
        }
        float bound = bound(weightShape);
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}
