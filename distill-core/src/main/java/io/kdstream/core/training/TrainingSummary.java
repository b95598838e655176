package io.kdstream.core.training;

import java.util.List;

/**
 * The result of a training run.
 *
 * @param epochs the epochs that ran to the end, one summary each
 * @param steps the steps taken, counting those of an epoch cut short
 * @param wallSeconds the run's wall time, including the trainer's setup
 * @param stopped whether a {@link TrainingStoppedException} ended the run early
 * @param stopReason the exception's message when stopped, else {@code null}
 */
public record TrainingSummary(
        List<EpochSummary> epochs,
        long steps,
        double wallSeconds,
        boolean stopped,
        String stopReason) {

    /** Copies the epoch list. */
    public TrainingSummary {
        epochs = List.copyOf(epochs);
    }

    /**
     * Returns the mean loss of the last complete epoch.
     *
     * @return the loss, or {@code NaN} if no epoch completed
     */
    public double finalLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).meanLoss();
    }
}
