package io.kdstream.core.training;

/**
 * Receives progress from {@link ClassifierTrainer}, on the training thread.
 *
 * <p>Both methods run between steps, after the step's arrays are closed, and must return quickly
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
    default void onStep(TrainingProgress progress) {}

    /**
     * Called after every epoch.
     *
     * @param summary the epoch's result
     */
    default void onEpoch(EpochSummary summary) {}
}
