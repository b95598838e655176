package io.kdstream.evaluator.domain;

import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import java.time.Instant;

/**
 * The latest progress of a student job, a teacher training or a teacher stream.
 *
 * @param id student job id, or teacher run id
 * @param kind what work it is
 * @param state queued, running, done, failed, rejected or interrupted
 * @param worker the host or pod doing the work
 * @param experimentId the experiment, or {@code null}
 * @param epoch the current epoch
 * @param epochs the planned epochs
 * @param step the step inside the epoch
 * @param stepsPerEpoch steps per epoch
 * @param loss recent training loss, or {@code null}
 * @param samplesPerSecond recent throughput, or {@code null}
 * @param etaSeconds estimated seconds to the end, or {@code null}
 * @param reason why the work was rejected or failed, or {@code null}
 * @param updatedAt when the progress was reported
 * @param attempt for student jobs, which delivery of the job reported it (1 for the first); {@code
 *     null} for teacher work and records written before workers reported it
 */
public record JobProgress(
        String id,
        WorkKind kind,
        WorkState state,
        String worker,
        String experimentId,
        int epoch,
        int epochs,
        int step,
        int stepsPerEpoch,
        Double loss,
        Double samplesPerSecond,
        Double etaSeconds,
        String reason,
        Instant updatedAt,
        Integer attempt) {

    /**
     * Returns whether the work ended without a result.
     *
     * @return {@code true} for REJECTED and FAILED
     */
    public boolean gaveUp() {
        return state == WorkState.REJECTED || state == WorkState.FAILED;
    }

    /**
     * Returns whether this progress comes from an older attempt than another of the same work: a
     * worker that lost the job to a newer attempt (its late records are ignored).
     *
     * @param newer the stored progress
     * @return {@code true} when both carry attempts and this one's is lower
     */
    public boolean olderAttemptThan(JobProgress newer) {
        return attempt != null && newer.attempt != null && attempt < newer.attempt;
    }

    /**
     * Returns the worker, with the attempt when the job is not on its first: {@code host/w1
     * (attempt 2)}.
     *
     * @return the label, or {@code null} without a worker
     */
    public String workerLabel() {
        if (worker == null || attempt == null || attempt <= 1) {
            return worker;
        }
        return worker + " (attempt " + attempt + ")";
    }
}
