package io.kdstream.student.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a worker is doing, for {@code GET /api/worker}.
 *
 * @param worker the worker's name, as in progress records
 * @param slots how many jobs it trains at once at most ({@code kd.student.slots})
 * @param jobs the jobs it trains now, oldest first; empty when idle
 */
public record WorkerStatus(String worker, int slots, List<CurrentJob> jobs) {

    /**
     * A job a worker trains.
     *
     * @param jobId the job
     * @param attempt which delivery of the job this is (1 for the first)
     * @param since when it started on this worker
     * @param stopping whether it has been asked to stop
     */
    public record CurrentJob(String jobId, int attempt, Instant since, boolean stopping) {}
}
