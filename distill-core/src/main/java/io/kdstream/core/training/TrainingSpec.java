package io.kdstream.core.training;

import ai.djl.Device;
import io.kdstream.core.loss.DistillationLoss;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import java.util.Objects;

/**
 * Everything that determines a training run of a classifier, apart from the data.
 *
 * <p>Teacher and student services map their configuration and job records to this record. Two runs
 * with equal specs on equal data (see {@code MnistSplit.fingerprint()}) start from equal weights
 * and visit batches in the same order.
 *
 * @param architecture a name known to {@link ArchitectureRegistry}
 * @param lossMode the distillation term; {@link Mode#NONE} trains on hard labels only
 * @param alpha the weight of the hard-label cross-entropy, in [0, 1]
 * @param temperature the softmax temperature, finite and &gt; 0
 * @param epochs the number of passes over the training data, &gt;= 1
 * @param learningRate the SGD learning rate, finite and &gt; 0
 * @param momentum the SGD momentum, in [0, 1)
 * @param batchSize the images per step, &gt;= 1
 * @param seed seeds the weights and the batch order
 * @param weightInit how the initial weights are drawn
 * @param device where the model and its batches live
 * @param partialLabels whether some images come without a hard label (label {@code -1}): the loss
 *     then weighs each image by whether it has one (see {@link DistillationLoss})
 */
public record TrainingSpec(
        String architecture,
        Mode lossMode,
        float alpha,
        float temperature,
        int epochs,
        float learningRate,
        float momentum,
        int batchSize,
        long seed,
        WeightInit weightInit,
        Device device,
        boolean partialLabels) {

    /** Validates every field; messages name the field and its allowed range. */
    public TrainingSpec {
        ArchitectureRegistry.get(architecture);
        Objects.requireNonNull(lossMode, "lossMode");
        Objects.requireNonNull(weightInit, "weightInit");
        Objects.requireNonNull(device, "device");
        // the loss validates alpha and temperature with the same messages it gives elsewhere
        new DistillationLoss(lossMode, alpha, temperature);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /**
     * Creates a builder preset with the reference tutorial's values: Hinton loss, alpha 0.1, T 10,
     * 1 epoch, SGD lr 0.001 with momentum 0.9, batch 128, seed 0, PyTorch's weight init, CPU.
     *
     * @param architecture a name known to {@link ArchitectureRegistry}
     * @return a new builder
     */
    public static Builder builder(String architecture) {
        return new Builder(architecture);
    }

    /**
     * Returns whether this run needs teacher logits.
     *
     * @return {@code true} unless the loss mode is {@link Mode#NONE}
     */
    public boolean distills() {
        return lossMode != Mode.NONE;
    }

    /**
     * Creates the loss this spec describes.
     *
     * @return a new loss named {@link DistillationLoss#DEFAULT_NAME}
     */
    public DistillationLoss newLoss() {
        return new DistillationLoss(
                DistillationLoss.DEFAULT_NAME, lossMode, alpha, temperature, partialLabels);
    }

    /**
     * Returns a builder holding this spec's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(architecture)
                .optLoss(lossMode, alpha, temperature)
                .optEpochs(epochs)
                .optSgd(learningRate, momentum)
                .optBatchSize(batchSize)
                .optSeed(seed)
                .optWeightInit(weightInit)
                .optDevice(device)
                .optPartialLabels(partialLabels);
    }

    /** The builder for {@link TrainingSpec}; validation happens in {@link #build()}. */
    public static final class Builder {

        private final String architecture;
        private Mode lossMode = Mode.HINTON;
        private float alpha = 0.1f;
        private float temperature = 10f;
        private int epochs = 1;
        private float learningRate = 0.001f;
        private float momentum = 0.9f;
        private int batchSize = 128;
        private long seed;
        private WeightInit weightInit = WeightInit.PYTORCH_DEFAULT;
        private Device device = Device.cpu();
        private boolean partialLabels;

        Builder(String architecture) {
            this.architecture = architecture;
        }

        /**
         * Sets the loss.
         *
         * @param lossMode the distillation term
         * @param alpha the weight of the hard-label cross-entropy, in [0, 1]
         * @param temperature the softmax temperature, &gt; 0
         * @return this builder
         */
        public Builder optLoss(Mode lossMode, float alpha, float temperature) {
            this.lossMode = lossMode;
            this.alpha = alpha;
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets plain cross-entropy training, as for a teacher or a baseline student.
         *
         * @return this builder
         */
        public Builder optNoDistillation() {
            this.lossMode = Mode.NONE;
            return this;
        }

        /**
         * Sets the number of epochs.
         *
         * @param epochs the number of passes over the data
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the SGD hyper-parameters.
         *
         * @param learningRate the fixed learning rate
         * @param momentum the momentum
         * @return this builder
         */
        public Builder optSgd(float learningRate, float momentum) {
            this.learningRate = learningRate;
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize the images per step
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed seeds the weights and the batch order
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the weight initialization.
         *
         * @param weightInit how the initial weights are drawn
         * @return this builder
         */
        public Builder optWeightInit(WeightInit weightInit) {
            this.weightInit = weightInit;
            return this;
        }

        /**
         * Sets the device, as resolved by {@link DeviceResolver}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets whether some images come without a hard label.
         *
         * @param partialLabels {@code true} when a batch may hold label {@code -1}
         * @return this builder
         */
        public Builder optPartialLabels(boolean partialLabels) {
            this.partialLabels = partialLabels;
            return this;
        }

        /**
         * Builds and validates the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException if a value is out of range
         */
        public TrainingSpec build() {
            return new TrainingSpec(
                    architecture,
                    lossMode,
                    alpha,
                    temperature,
                    epochs,
                    learningRate,
                    momentum,
                    batchSize,
                    seed,
                    weightInit,
                    device,
                    partialLabels);
        }
    }
}
