package io.kdstream.core.training;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything needed to publish a checkpoint after an epoch and to resume from it.
 *
 * <p>{@link ClassifierTrainer} passes one to {@link ProgressListener#onCheckpoint} after every
 * epoch. The parameters and the optimizer state are serialized on the first call of {@link
 * #parameters()} and {@link #optimizerState()}, because serializing costs far more than a step (a
 * listener that does not publish checkpoints pays nothing); so call them inside {@code
 * onCheckpoint}, while the model still holds the epoch's weights. Values fetched there stay valid
 * afterwards; a first call after {@code onCheckpoint} returned throws.
 */
public final class EpochCheckpoint {

    private final EpochSummary summary;
    private final Supplier<byte[]> parametersSource;
    private final Supplier<byte[]> optimizerStateSource;
    private byte[] parameters;
    private byte[] optimizerState;
    private boolean expired;

    /**
     * Creates a checkpoint whose bytes are already known, for example one read back from Kafka.
     *
     * @param summary the epoch's result
     * @param parameters the parameters in DJL's format
     * @param optimizerState the optimizer state, or {@code null}
     */
    public EpochCheckpoint(EpochSummary summary, byte[] parameters, byte[] optimizerState) {
        this(summary, () -> parameters, () -> optimizerState);
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.optimizerState = optimizerState;
    }

    EpochCheckpoint(
            EpochSummary summary,
            Supplier<byte[]> parametersSource,
            Supplier<byte[]> optimizerStateSource) {
        this.summary = Objects.requireNonNull(summary, "summary");
        this.parametersSource = parametersSource;
        this.optimizerStateSource = optimizerStateSource;
    }

    /**
     * Returns the epoch's result.
     *
     * @return the summary; {@code summary().epoch()} is the number of completed epochs
     */
    public EpochSummary summary() {
        return summary;
    }

    /**
     * Returns the model's parameters after the epoch.
     *
     * @return the parameters in DJL's format ({@link Checkpoints#toBytes}); the caller may keep
     *     them
     * @throws IllegalStateException if first called after {@code onCheckpoint} returned
     */
    public synchronized byte[] parameters() {
        if (parameters == null) {
            requireLive();
            parameters = parametersSource.get();
        }
        return parameters;
    }

    /**
     * Returns the optimizer's state after the epoch.
     *
     * @return the momentum buffers ({@link MomentumSgd#exportState}), float32 little-endian,
     *     parameter order; the caller may keep them
     * @throws IllegalStateException if first called after {@code onCheckpoint} returned
     */
    public synchronized byte[] optimizerState() {
        if (optimizerState == null) {
            requireLive();
            optimizerState = optimizerStateSource.get();
        }
        return optimizerState;
    }

    /** Called by the trainer when {@code onCheckpoint} returns: the model moves on. */
    synchronized void expire() {
        expired = true;
    }

    private void requireLive() {
        if (expired) {
            throw new IllegalStateException(
                    "epoch "
                            + summary.epoch()
                            + "'s checkpoint was not read inside onCheckpoint, and the model has"
                            + " moved on");
        }
    }

    @Override
    public String toString() {
        return "EpochCheckpoint[epoch " + summary.epoch() + "/" + summary.epochs() + "]";
    }
}
