package io.kdstream.student.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a worker is doing, for {@code GET /api/worker}.
 *
 * @param worker the worker's name, as in progress records
 * @param assignedPartitions the student-jobs partitions this worker owns now
 * @param currentJob the job it trains, or {@code null} when idle
 */
public record WorkerStatus(String worker, List<String> assignedPartitions, CurrentJob currentJob) {

    /**
     * The job a worker trains.
     *
     * @param jobId the job
     * @param partition its student-jobs partition, or {@code null} without Kafka
     * @param since when it started on this worker
     * @param stopping whether it has been asked to stop
     */
    public record CurrentJob(String jobId, String partition, Instant since, boolean stopping) {}
}
