package io.kdstream.core.training;

/**
 * Receives progress from {@link ClassifierTrainer}, on the training thread.
 *
 * <p>All methods run between steps, after the step's arrays are closed, and should return quickly
 * (hand the numbers to an emitter). To stop a run early, for a cancel or a rebalance, throw {@link
 * TrainingStoppedException}; the trainer ends the run cleanly and reports it as stopped.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * Called after every training step.
     *
     * @param progress the step's progress
     */
    default void onStep(StepProgress progress) {}

    /**
     * Called after every epoch.
     *
     * @param summary the epoch's result
     */
    default void onEpoch(EpochSummary summary) {}

    /**
     * Called after every epoch, right after {@link #onEpoch}, with the parameters and optimizer
     * state to publish as a checkpoint. A listener that publishes it may block until the broker has
     * it: the next epoch waits.
     *
     * @param checkpoint the epoch's checkpoint, to resume from with {@link ResumePoint#after}
     */
    default void onCheckpoint(EpochCheckpoint checkpoint) {}
}
