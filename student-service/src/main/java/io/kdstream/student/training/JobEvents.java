package io.kdstream.student.training;

import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.student.domain.StudentCheckpoint;

/**
 * What a student job tells the rest of the system; messaging implements it ({@code
 * StudentPublisher}, on Kafka), so training depends on no transport.
 */
public interface JobEvents {

    /**
     * Returns this worker's name, as progress records carry it.
     *
     * @return {@code <host>/<instance id>}
     */
    String worker();

    /**
     * Publishes a checkpoint and waits until it is durable.
     *
     * @param checkpoint the checkpoint
     * @throws RuntimeException if it is refused or not acknowledged in time
     */
    void publishCheckpoint(StudentCheckpoint checkpoint);

    /**
     * Publishes a progress tick without waiting; RUNNING ticks are throttled to about one per
     * second per job, all others go out at once.
     *
     * @param update the tick
     */
    void progress(ProgressUpdate update);

    /**
     * Publishes a progress tick without waiting and without throttling.
     *
     * @param update the tick
     */
    void progressNow(ProgressUpdate update);

    /**
     * Publishes a status change and waits until it is durable: for the states that end a job on
     * this worker, so that a job is acknowledged only after its outcome is stored.
     *
     * @param update the status
     * @throws RuntimeException if it is refused or not acknowledged in time
     */
    void progressAndWait(ProgressUpdate update);
}
