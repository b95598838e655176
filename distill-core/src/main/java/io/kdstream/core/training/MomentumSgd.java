package io.kdstream.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MomentumSgd} is stochastic gradient descent with momentum, as PyTorch's {@code
 * torch.optim.SGD} computes it, with a state that can be exported and imported to resume a run.
 *
 * <p>For every parameter w with gradient g, learning rate lr and momentum m, one step computes<br>
 * \( buf = m \cdot buf + g \)<br>
 * \( w = w - lr \cdot buf \)<br>
 * with buf starting at zero (PyTorch starts it at g, which is the same). Dampening, Nesterov,
 * weight decay, gradient rescaling and clipping are not supported. For a fixed learning rate this
 * is the update DJL's {@code Sgd} makes, whose buffer holds {@code lr * buf}; DJL keeps that buffer
 * private, which is why this class exists: a job resumed on another worker must continue with the
 * momentum it had.
 *
 * <p>The state is the buffers of the parameters that need a gradient, as float32 little-endian,
 * concatenated in the block's parameter order ({@code block.getParameters()}), each row-major;
 * parameters not yet updated count as zeros. {@link #exportState(Block)} and {@link
 * #importState(Block, byte[])} take the block because DJL names a parameter to an optimizer only by
 * {@link Parameter#getId()}, a random id that differs between two models of the same architecture;
 * the block's order is what two models share.
 *
 * <p>The weight update itself goes through the engine's {@code sgdUpdate} with momentum 0, which
 * also clears the parameter's gradient for the next step, as DJL's own optimizers do. Buffers are
 * detached from every manager and freed by {@link #close()}; a step creates no array.
 */
public final class MomentumSgd extends Optimizer implements AutoCloseable {

    private final float learningRate;
    private final float momentum;
    private final Map<String, NDArray> buffers = new HashMap<>();
    private final Map<Device, NDArray> momentumScalars = new HashMap<>();

    private MomentumSgd(Builder builder) {
        super(builder);
        if (rescaleGrad != 1f || clipGrad >= 0f || getWeightDecay() != 0f) {
            throw new IllegalArgumentException(
                    "MomentumSgd supports neither gradient rescaling, clipping nor weight decay");
        }
        this.learningRate = builder.learningRate;
        this.momentum = builder.momentum;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the learning rate.
     *
     * @return the fixed learning rate
     */
    public float getLearningRate() {
        return learningRate;
    }

    /**
     * Returns the momentum.
     *
     * @return the momentum, in [0, 1)
     */
    public float getMomentum() {
        return momentum;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray buf = buffers.get(parameterId);
        if (buf == null) {
            buf = weight.zerosLike();
            buf.detach();
            buffers.put(parameterId, buf);
        }
        // buf = m * buf + g, in place
        buf.muli(momentumScalar(weight)).addi(grad);
        // w = w - lr * buf (computed as w - (buf + 0 * w) * lr), then w's gradient is zeroed
        weight.getNDArrayInternal()
                .sgdUpdate(
                        new NDList(weight, buf),
                        new NDList(weight),
                        learningRate,
                        0f,
                        1f,
                        -1f,
                        0f,
                        true);
    }

    /**
     * Exports the momentum buffers.
     *
     * @param block the block this optimizer trains
     * @return float32 little-endian, the buffers of the block's trainable parameters in order
     */
    public byte[] exportState(Block block) {
        List<Parameter> parameters = trainable(block);
        long count = 0;
        for (Parameter p : parameters) {
            count += p.getArray().size();
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * Float.BYTES));
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : parameters) {
            NDArray buf = buffers.get(p.getId());
            if (buf == null) {
                out.position(out.position() + Math.toIntExact(p.getArray().size()) * Float.BYTES);
            } else {
                out.asFloatBuffer().put(buf.toFloatArray());
                out.position(out.position() + Math.toIntExact(buf.size()) * Float.BYTES);
            }
        }
        return out.array();
    }

    /**
     * Replaces the momentum buffers with exported ones, on the devices of the block's parameters.
     *
     * @param block the initialized block this optimizer trains
     * @param state bytes from {@link #exportState(Block)} for a block of the same architecture
     * @throws IllegalArgumentException if the state does not have one float per trainable parameter
     *     value
     */
    public void importState(Block block, byte[] state) {
        List<Parameter> parameters = trainable(block);
        long expected = 0;
        for (Parameter p : parameters) {
            expected += p.getArray().size() * Float.BYTES;
        }
        if (state.length != expected) {
            throw new IllegalArgumentException(
                    "optimizer state has "
                            + state.length
                            + " bytes, the block's "
                            + parameters.size()
                            + " trainable parameters need "
                            + expected);
        }
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        Batches staging = new Batches();
        for (Parameter p : parameters) {
            NDArray weight = p.getArray();
            float[] values = new float[Math.toIntExact(weight.size())];
            in.asFloatBuffer().get(values);
            in.position(in.position() + values.length * Float.BYTES);
            NDManager manager = weight.getManager();
            NDArray buf = staging.floats(manager, values, weight.getShape());
            buf.detach();
            NDArray old = buffers.put(p.getId(), buf);
            if (old != null) {
                old.close();
            }
        }
    }

    /** Frees the momentum buffers. */
    @Override
    public void close() {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        momentumScalars.values().forEach(NDArray::close);
        momentumScalars.clear();
    }

    /** The momentum as a scalar on the weight's device, created once per device. */
    private NDArray momentumScalar(NDArray weight) {
        return momentumScalars.computeIfAbsent(
                weight.getDevice(),
                device -> {
                    NDArray scalar = weight.getManager().create(momentum);
                    scalar.detach();
                    return scalar;
                });
    }

    private static List<Parameter> trainable(Block block) {
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (p.requiresGradient()) {
                if (!p.isInitialized()) {
                    throw new IllegalStateException(
                            "parameter " + pair.getKey() + " is not initialized");
                }
                parameters.add(p);
            }
        }
        return parameters;
    }

    /** The Builder to construct a {@link MomentumSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private float learningRate = Float.NaN;
        private float momentum;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the fixed learning rate.
         *
         * @param learningRate the learning rate, finite and &gt; 0
         * @return this builder
         */
        public Builder setLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the momentum; 0 (the default) gives plain SGD.
         *
         * @param momentum the momentum, in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the learning rate or momentum is out of range
         */
        public MomentumSgd build() {
            if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException(
                        "learningRate must be finite and > 0, got " + learningRate);
            }
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            return new MomentumSgd(this);
        }
    }
}
