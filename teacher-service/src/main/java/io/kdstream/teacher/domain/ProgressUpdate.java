package io.kdstream.teacher.domain;

/**
 * One progress tick of the teacher's training or streaming, for the training-progress topic.
 *
 * @param id the training id or the run id
 * @param kind training or streaming
 * @param state RUNNING, DONE, FAILED or INTERRUPTED
 * @param epoch the current epoch, from 1 (1 for streaming)
 * @param epochs the planned epochs (1 for streaming)
 * @param step the step within the epoch (batches published, for streaming)
 * @param stepsPerEpoch steps per epoch (batches of the run, for streaming)
 * @param loss the latest loss, or {@code null}
 * @param samplesPerSecond images per second, or {@code null}
 * @param etaSeconds estimated seconds left, or {@code null}
 * @param reason why the work failed, or {@code null}
 */
public record ProgressUpdate(
        String id,
        Kind kind,
        State state,
        int epoch,
        int epochs,
        int step,
        int stepsPerEpoch,
        Double loss,
        Double samplesPerSecond,
        Double etaSeconds,
        String reason) {

    /** What the teacher is doing. */
    public enum Kind {
        TEACHER_TRAINING,
        TEACHER_STREAMING
    }

    /** How the work stands; the names match the Avro WorkState symbols. */
    public enum State {
        RUNNING,
        DONE,
        FAILED,
        INTERRUPTED
    }
}
