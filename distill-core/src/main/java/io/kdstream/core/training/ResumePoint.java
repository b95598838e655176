package io.kdstream.core.training;

/**
 * Where a training run starts: from scratch, or after the last epoch of a checkpoint.
 *
 * <p>The checkpoint's parameters are loaded into the model by the caller (for example with {@link
 * Checkpoints#newModel}); this record carries what the model does not hold: how many epochs are
 * done and the optimizer's momentum buffers, so that the resumed run takes exactly the steps the
 * interrupted one would have taken.
 *
 * @param completedEpochs the epochs already trained, from 0; training continues with epoch {@code
 *     completedEpochs + 1} (1-based)
 * @param optimizerState the optimizer state from {@link MomentumSgd#exportState}, or {@code null}
 *     to start with zero momentum
 */
public record ResumePoint(int completedEpochs, byte[] optimizerState) {

    /** A run that starts from its first epoch. */
    public static final ResumePoint START = new ResumePoint(0, null);

    /** Validates the epoch count. */
    public ResumePoint {
        if (completedEpochs < 0) {
            throw new IllegalArgumentException(
                    "completedEpochs must be >= 0, got " + completedEpochs);
        }
    }

    /**
     * Creates the point after an epoch's checkpoint.
     *
     * @param checkpoint the checkpoint the caller loaded the parameters of
     * @return the point after its epoch, with its optimizer state
     */
    public static ResumePoint after(EpochCheckpoint checkpoint) {
        return new ResumePoint(checkpoint.summary().epoch(), checkpoint.optimizerState());
    }
}
