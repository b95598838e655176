package io.kdstream.student.training;

import io.kdstream.student.domain.StudentCheckpoint;
import java.util.Optional;

/** Finds a job's checkpoints; the Kafka implementation reads the models topic. */
public interface JobCheckpoints {

    /**
     * Finds the checkpoint of a job with the most epochs.
     *
     * @param jobId the job id, the key of its checkpoints
     * @return the latest checkpoint, or empty if the job has none
     * @throws RuntimeException if the checkpoints cannot be read
     */
    Optional<StudentCheckpoint> latest(String jobId);
}
