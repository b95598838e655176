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
        Instant updatedAt) {

    /**
     * Returns whether the work ended without a result.
     *
     * @return {@code true} for REJECTED and FAILED
     */
    public boolean gaveUp() {
        return state == WorkState.REJECTED || state == WorkState.FAILED;
    }
}
