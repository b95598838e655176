package io.kdstream.teacher.training;

import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.run.RunManifest;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import java.util.concurrent.CompletableFuture;

/**
 * What the teacher's training and streaming tell the rest of the system; messaging implements it
 * ({@code TeacherPublisher}, on Kafka), so training depends on no transport.
 */
public interface TeacherEvents {

    /** Where an acknowledged record landed. */
    record Position(int partition, long offset) {}

    /**
     * Publishes a run manifest and waits until it is durable: a manifest must be stored before the
     * first batch of its run, and a checkpoint before the manifest that names it.
     *
     * @param manifest the manifest
     * @throws RuntimeException if it is refused or not acknowledged in time
     */
    void publishManifest(RunManifest manifest);

    /**
     * Publishes a teacher checkpoint and waits until it is durable.
     *
     * @param checkpoint the checkpoint
     * @throws RuntimeException if it is refused or not acknowledged in time
     */
    void publishCheckpoint(TeacherCheckpoint checkpoint);

    /**
     * Publishes one logit batch without waiting.
     *
     * @param batch the batch
     * @return completes with the record's position once it is durable, so that the COMPLETE
     *     manifest can list exact offsets
     */
    CompletableFuture<Position> publishBatch(LogitBatch batch);

    /**
     * Publishes a progress tick without waiting; RUNNING ticks are throttled to about one per
     * second per id, all others always go out.
     *
     * @param update the tick
     */
    void progress(ProgressUpdate update);

    /**
     * Publishes a progress tick without waiting and without throttling, for the ticks that mark an
     * epoch or a run's end.
     *
     * @param update the tick
     */
    void progressNow(ProgressUpdate update);
}
