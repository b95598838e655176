package io.kdstream.student.training;

import io.kdstream.student.domain.StudentCheckpoint;
import java.util.List;
import java.util.Optional;

/** Finds a job's checkpoints; the Kafka implementation reads the models topic. */
public interface JobCheckpoints {

    /**
     * Lists a job's checkpoints, the one to resume from first: most epochs first; of equal epochs,
     * the newer attempt, then the later record.
     *
     * @param jobId the job id, the key of its checkpoints
     * @return the checkpoints; empty if the job has none
     * @throws RuntimeException if the checkpoints cannot be read
     */
    List<StudentCheckpoint> newestFirst(String jobId);

    /**
     * Finds the checkpoint of a job with the most epochs.
     *
     * @param jobId the job id, the key of its checkpoints
     * @return the latest checkpoint, or empty if the job has none
     * @throws RuntimeException if the checkpoints cannot be read
     */
    default Optional<StudentCheckpoint> latest(String jobId) {
        return newestFirst(jobId).stream().findFirst();
    }
}
