package io.kdstream.core.training;

/**
 * One training step's progress, in plain numbers ready for a progress record.
 *
 * @param epoch the current epoch, from 1
 * @param epochs the number of epochs of the run
 * @param step the step within the epoch, from 1
 * @param stepsPerEpoch the steps of each epoch
 * @param loss this step's loss
 * @param samplesPerSecond training images per second since the run started
 * @param etaSeconds estimated seconds to the end of the run
 */
public record StepProgress(
        int epoch,
        int epochs,
        int step,
        int stepsPerEpoch,
        float loss,
        double samplesPerSecond,
        double etaSeconds) {

    /**
     * Returns the steps done since the run started.
     *
     * @return the global step count, from 1
     */
    public long globalStep() {
        return (long) (epoch - 1) * stepsPerEpoch + step;
    }
}
