package io.kdstream.student.training;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import java.util.function.BooleanSupplier;

/** Opens replays of teacher runs; the Kafka implementation reads the logits topic. */
public interface LogitReplays {

    /**
     * Opens a replay of a COMPLETE run for a job.
     *
     * @param run the run's manifest
     * @param job the job: its batch size, seed and loss mode shape the batches
     * @param classes the classes of the student's architecture, which the logits must have
     * @param stopRequested asked while waiting for data; {@code true} stops the replay with a
     *     {@code TrainingStoppedException}
     * @return the replay; the caller closes it
     */
    LogitReplay open(RunManifest run, JobSpec job, int classes, BooleanSupplier stopRequested);
}
