package io.kdstream.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * The tutorial's LeNet-5 variant: two 3x3 convolutions, each followed by ReLU and 2x2 max pooling,
 * then three linear layers.
 *
 * <p>The tutorial's teacher and student differ only in widths, so both are built here:
 *
 * <pre>
 * (batch, 1, 32, 32)
 *   conv 3x3, c1 filters, ReLU  -> (batch, c1, 30, 30)
 *   max pool 2x2, stride 2      -> (batch, c1, 15, 15)
 *   conv 3x3, c2 filters, ReLU  -> (batch, c2, 13, 13)
 *   max pool 2x2, stride 2      -> (batch, c2, 6, 6)
 *   flatten                     -> (batch, c2 * 6 * 6)
 *   linear f1, ReLU; linear f2, ReLU; linear classes (logits)
 * </pre>
 *
 * <p>Teacher: c1 = 6, c2 = 16, f1 = 120, f2 = 84 (81,194 parameters). Student: c1 = 6, c2 = 12, f1
 * = 90, f2 = 64 (46,164 parameters). Convolutions have no padding and stride 1, as PyTorch's {@code
 * Conv2d(in, out, 3)}; the flatten keeps PyTorch's (channels, height, width) order, so weights
 * trained in PyTorch can be copied in as they are.
 */
public final class TutorialLeNet {

    /** The input shape with a batch of one: (batch, channels, height, width). */
    public static final Shape INPUT_SHAPE = new Shape(1, 1, 32, 32);

    private TutorialLeNet() {}

    /**
     * Builds the tutorial's teacher.
     *
     * @return a new, uninitialized block
     */
    public static SequentialBlock teacher() {
        return builder().setConvFilters(6, 16).setHiddenUnits(120, 84).build();
    }

    /**
     * Builds the tutorial's student.
     *
     * @return a new, uninitialized block
     */
    public static SequentialBlock student() {
        return builder().setConvFilters(6, 12).setHiddenUnits(90, 64).build();
    }

    /**
     * Creates a builder for other widths.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link TutorialLeNet} blocks. */
    public static final class Builder {

        private int conv1Filters;
        private int conv2Filters;
        private int fc1Units;
        private int fc2Units;
        private int numClasses = 10;

        Builder() {}

        /**
         * Sets the number of filters of the two convolutions.
         *
         * @param conv1 the filters of the first convolution
         * @param conv2 the filters of the second convolution
         * @return this builder
         */
        public Builder setConvFilters(int conv1, int conv2) {
            this.conv1Filters = conv1;
            this.conv2Filters = conv2;
            return this;
        }

        /**
         * Sets the units of the two hidden linear layers.
         *
         * @param fc1 the units of the first linear layer
         * @param fc2 the units of the second linear layer
         * @return this builder
         */
        public Builder setHiddenUnits(int fc1, int fc2) {
            this.fc1Units = fc1;
            this.fc2Units = fc2;
            return this;
        }

        /**
         * Sets the number of classes, the width of the output layer; 10 by default.
         *
         * @param numClasses the number of classes
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new, uninitialized block
         */
        public SequentialBlock build() {
            if (conv1Filters <= 0 || conv2Filters <= 0 || fc1Units <= 0 || fc2Units <= 0) {
                throw new IllegalArgumentException(
                        "setConvFilters and setHiddenUnits are required and must be positive");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            Shape kernel = new Shape(3, 3);
            Shape pool = new Shape(2, 2);
            return new SequentialBlock()
                    // (batch, 1, 32, 32) -> (batch, c1, 30, 30) -> (batch, c1, 15, 15)
                    .add(Conv2d.builder().setKernelShape(kernel).setFilters(conv1Filters).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(pool, pool))
                    // (batch, c1, 15, 15) -> (batch, c2, 13, 13) -> (batch, c2, 6, 6)
                    .add(Conv2d.builder().setKernelShape(kernel).setFilters(conv2Filters).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(pool, pool))
                    // (batch, c2, 6, 6) -> (batch, c2 * 6 * 6), channel-major as torch.flatten
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(fc1Units).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(fc2Units).build())
                    .add(Activation::relu)
                    // (batch, numClasses) logits
                    .add(Linear.builder().setUnits(numClasses).build());
        }
    }
}
