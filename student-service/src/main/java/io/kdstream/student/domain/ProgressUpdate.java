package io.kdstream.student.domain;

/**
 * One progress tick or status change of a student job, for the training-progress topic.
 *
 * @param jobId the job
 * @param experimentId the job's experiment, or {@code null}
 * @param state what happened
 * @param epoch the current epoch, from 1 (0 before training starts)
 * @param epochs the job's epochs
 * @param step the step within the epoch
 * @param stepsPerEpoch the expected steps per epoch (0 before training starts)
 * @param loss the latest loss, or {@code null}
 * @param samplesPerSecond training images per second, or {@code null}
 * @param etaSeconds estimated seconds to the end of the job, or {@code null}
 * @param reason why the job was REJECTED, FAILED or INTERRUPTED, or {@code null}
 */
public record ProgressUpdate(
        String jobId,
        String experimentId,
        State state,
        int epoch,
        int epochs,
        int step,
        int stepsPerEpoch,
        Double loss,
        Double samplesPerSecond,
        Double etaSeconds,
        String reason) {

    /** How the job stands; the names match the Avro WorkState symbols. */
    public enum State {
        RUNNING,
        DONE,
        FAILED,
        REJECTED,
        INTERRUPTED
    }

    /**
     * Creates a status change without training figures.
     *
     * @param job the job
     * @param state the new state
     * @param epoch the epochs done
     * @param reason why, or {@code null}
     * @return the update
     */
    public static ProgressUpdate status(JobSpec job, State state, int epoch, String reason) {
        return new ProgressUpdate(
                job.jobId(),
                job.experimentId(),
                state,
                epoch,
                job.epochs(),
                0,
                0,
                null,
                null,
                null,
                reason);
    }
}
