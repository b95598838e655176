package io.kdstream.core.progress;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.StepProgress;
import java.time.Instant;

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
 * @param madeAt when the update was made: the record's {@code updatedAt}. A worker makes an update,
 *     then checks that it still holds the job, then sends it; so an update made after a worker was
 *     frozen past its lock is never sent, and one that is sent was made while the job was its.
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
        String reason,
        Instant madeAt) {

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
    public static ProgressUpdate step(String id, Kind kind, String experimentId, StepProgress p) {
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
                null,
                Instant.now());
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
                null,
                Instant.now());
    }

    /**
     * Creates the RUNNING tick of a teacher training step.
     *
     * @param trainingId the training's id
     * @param p the step's figures
     * @return the update
     */
    public static ProgressUpdate teacherTrainingStep(String trainingId, StepProgress p) {
        return step(trainingId, Kind.TEACHER_TRAINING, null, p);
    }

    /**
     * Creates the tick of a teacher training epoch's end.
     *
     * @param trainingId the training's id
     * @param state RUNNING, or DONE after the last epoch
     * @param s the epoch's summary
     * @param stepsPerEpoch the epoch's steps
     * @return the update
     */
    public static ProgressUpdate teacherTrainingEpochEnd(
            String trainingId, State state, EpochSummary s, int stepsPerEpoch) {
        return epochEnd(trainingId, Kind.TEACHER_TRAINING, null, state, s, stepsPerEpoch);
    }

    /**
     * Creates a status change of a teacher training that ended early, without training figures.
     *
     * @param trainingId the training's id
     * @param state FAILED or INTERRUPTED
     * @param epoch the current epoch
     * @param epochs the planned epochs
     * @param reason why
     * @return the update
     */
    public static ProgressUpdate teacherTrainingStatus(
            String trainingId, State state, int epoch, int epochs, String reason) {
        return new ProgressUpdate(
                trainingId,
                Kind.TEACHER_TRAINING,
                null,
                state,
                epoch,
                epochs,
                0,
                0,
                null,
                null,
                null,
                reason,
                Instant.now());
    }

    /**
     * Creates the RUNNING tick of one logit batch a teacher streamed.
     *
     * @param runId the run's id
     * @param batch the batches published so far
     * @param batches the batches of the run
     * @param samplesPerSecond images per second since streaming started
     * @param etaSeconds estimated seconds to the last batch
     * @return the update
     */
    public static ProgressUpdate streamingBatch(
            String runId, int batch, int batches, double samplesPerSecond, double etaSeconds) {
        return streaming(runId, State.RUNNING, batch, batches, samplesPerSecond, etaSeconds, null);
    }

    /**
     * Creates the DONE tick of a teacher run whose every batch was acknowledged.
     *
     * @param runId the run's id
     * @param batches the batches of the run
     * @param samplesPerSecond images per second over the whole run
     * @return the update
     */
    public static ProgressUpdate streamingDone(String runId, int batches, double samplesPerSecond) {
        return streaming(runId, State.DONE, batches, batches, samplesPerSecond, 0.0, null);
    }

    /**
     * Creates the FAILED status of a teacher run, without streaming figures.
     *
     * @param runId the run's id
     * @param batches the batches planned (0 when the run failed before planning them)
     * @param reason why
     * @return the update
     */
    public static ProgressUpdate streamingFailed(String runId, int batches, String reason) {
        return streaming(runId, State.FAILED, 0, batches, null, null, reason);
    }

    private static ProgressUpdate streaming(
            String runId,
            State state,
            int batch,
            int batches,
            Double samplesPerSecond,
            Double etaSeconds,
            String reason) {
        // streaming is one pass: epoch 1 of 1, a batch per step, no loss
        return new ProgressUpdate(
                runId,
                Kind.TEACHER_STREAMING,
                null,
                state,
                1,
                1,
                batch,
                batches,
                null,
                samplesPerSecond,
                etaSeconds,
                reason,
                Instant.now());
    }

    /**
     * Creates the RUNNING tick of a student job about to train, before its first step.
     *
     * @param job the job
     * @param epoch the epoch it starts at, from 1 (past the epochs of its latest checkpoint)
     * @param stepsPerEpoch the steps of each epoch
     * @return the update
     */
    public static ProgressUpdate jobStarted(JobSpec job, int epoch, int stepsPerEpoch) {
        return new ProgressUpdate(
                job.jobId(),
                Kind.STUDENT_JOB,
                job.experimentId(),
                State.RUNNING,
                epoch,
                job.epochs(),
                0,
                stepsPerEpoch,
                null,
                null,
                null,
                null,
                Instant.now());
    }

    /**
     * Creates the DONE status of a student job trained to its last epoch.
     *
     * @param job the job
     * @param stepsPerEpoch the steps of each epoch
     * @param finalLoss the last epoch's mean loss, or {@code null} when this worker trained none
     * @param samplesPerSecond images per second over this worker's training
     * @return the update
     */
    public static ProgressUpdate jobDone(
            JobSpec job, int stepsPerEpoch, Double finalLoss, double samplesPerSecond) {
        return new ProgressUpdate(
                job.jobId(),
                Kind.STUDENT_JOB,
                job.experimentId(),
                State.DONE,
                job.epochs(),
                job.epochs(),
                stepsPerEpoch,
                stepsPerEpoch,
                finalLoss,
                samplesPerSecond,
                0.0,
                null,
                Instant.now());
    }

    /**
     * Creates a status change of a student job that needs no reason, without training figures.
     *
     * @param job the job
     * @param state the new state
     * @param epoch the epochs done
     * @return the update
     */
    public static ProgressUpdate status(JobSpec job, State state, int epoch) {
        return status(job, state, epoch, null);
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
                reason,
                Instant.now());
    }
}
