package io.kdstream.teacher.domain;

import java.time.Instant;

/**
 * A teacher run started by this instance, as listed by {@code GET /api/teacher/runs}.
 *
 * @param runId the run id
 * @param modelId the checkpoint streamed, or {@code null} until known (a run at start-up streams
 *     the checkpoint its training has not produced yet)
 * @param trainLimit the requested number of images; 0 means all
 * @param status where the run stands
 * @param sampleCount images streamed (planned, while streaming)
 * @param batchCount batch records (planned, while streaming)
 * @param imagesPerSecond the streaming rate, once complete
 * @param reason why the run failed, or {@code null}
 * @param requestedAt when the run was requested
 * @param finishedAt when it completed or failed, or {@code null}
 */
public record RunInfo(
        String runId,
        String modelId,
        int trainLimit,
        RunState status,
        Integer sampleCount,
        Integer batchCount,
        Double imagesPerSecond,
        String reason,
        Instant requestedAt,
        Instant finishedAt) {

    /** Returns a new QUEUED run. */
    public static RunInfo queued(String runId, String modelId, int trainLimit) {
        return new RunInfo(
                runId,
                modelId,
                trainLimit,
                RunState.QUEUED,
                null,
                null,
                null,
                null,
                Instant.now(),
                null);
    }

    /** Returns this run STREAMING the given checkpoint. */
    public RunInfo streaming(String model, int samples, int batches) {
        return new RunInfo(
                runId,
                model,
                trainLimit,
                RunState.STREAMING,
                samples,
                batches,
                null,
                null,
                requestedAt,
                null);
    }

    /** Returns this run COMPLETE. */
    public RunInfo complete(double rate) {
        return new RunInfo(
                runId,
                modelId,
                trainLimit,
                RunState.COMPLETE,
                sampleCount,
                batchCount,
                rate,
                null,
                requestedAt,
                Instant.now());
    }

    /** Returns this run FAILED. */
    public RunInfo failed(String why) {
        return new RunInfo(
                runId,
                modelId,
                trainLimit,
                RunState.FAILED,
                sampleCount,
                batchCount,
                null,
                why,
                requestedAt,
                Instant.now());
    }
}
