package io.kdstream.core.progress;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.TrainingProgress;

/**
 * One progress tick or status change of a piece of work (the teacher's training or streaming, a
 * student job), for the training-progress topic.
 *
 * @param id the work's id: a training id, a run id or a job id; also the record key
 * @param kind what the work is
 * @param experimentId the student job's experiment, or {@code null}
 * @param state what happened
 * @param epoch the current epoch, from 1 (0 before a job's training starts; 1 for streaming)
 * @param epochs the planned epochs (1 for streaming)
 * @param step the step within the epoch (batches published, for streaming)
 * @param stepsPerEpoch steps per epoch (batches of the run, for streaming; 0 when not known yet)
 * @param loss the latest loss, or {@code null}
 * @param samplesPerSecond images per second, or {@code null}
 * @param etaSeconds estimated seconds to the end of the work, or {@code null}
 * @param reason why the work was REJECTED, FAILED or INTERRUPTED, or {@code null}
 */
public record ProgressUpdate(
        String id,
        Kind kind,
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

    /** What the work is; the names match the Avro WorkKind symbols. */
    public enum Kind {
        TEACHER_TRAINING,
        TEACHER_STREAMING,
        STUDENT_JOB
    }

    /** How the work stands; the names match the Avro WorkState symbols. */
    public enum State {
        RUNNING,
        DONE,
        FAILED,
        REJECTED,
        INTERRUPTED
    }

    /**
     * Creates the RUNNING tick of a training step.
     *
     * @param id the work's id
     * @param kind what the work is
     * @param experimentId the experiment, or {@code null}
     * @param p the step's figures
     * @return the update
     */
    public static ProgressUpdate step(
            String id, Kind kind, String experimentId, TrainingProgress p) {
        return new ProgressUpdate(
                id,
                kind,
                experimentId,
                State.RUNNING,
                p.epoch(),
                p.epochs(),
                p.step(),
                p.stepsPerEpoch(),
                (double) p.loss(),
                p.samplesPerSecond(),
                p.etaSeconds(),
                null);
    }

    /**
     * Creates the tick of an epoch's end: its mean loss and throughput, every step done.
     *
     * @param id the work's id
     * @param kind what the work is
     * @param experimentId the experiment, or {@code null}
     * @param state RUNNING, or DONE after the last epoch
     * @param s the epoch's summary
     * @param stepsPerEpoch the epoch's steps
     * @return the update
     */
    public static ProgressUpdate epochEnd(
            String id,
            Kind kind,
            String experimentId,
            State state,
            EpochSummary s,
            int stepsPerEpoch) {
        return new ProgressUpdate(
                id,
                kind,
                experimentId,
                state,
                s.epoch(),
                s.epochs(),
                stepsPerEpoch,
                stepsPerEpoch,
                s.meanLoss(),
                s.samplesPerSecond(),
                null,
                null);
    }

    /**
     * Creates a status change of a student job, without training figures.
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
                Kind.STUDENT_JOB,
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
