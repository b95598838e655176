package io.kdstream.student.domain;

/** How a job delivery ended, which decides whether its record is acknowledged. */
public enum JobOutcome {

    /** Trained to its last epoch (or found already trained): acknowledged. */
    DONE(true),

    /** Refused before training, with a REJECTED status: acknowledged, it is a result. */
    REJECTED(true),

    /** Training failed, with a FAILED status: acknowledged, a retry would fail the same way. */
    FAILED(true),

    /**
     * Stopped before its end by a rebalance or a shutdown: not acknowledged, so whoever owns the
     * partition next reads the job again and resumes it from its last checkpoint.
     */
    STOPPED(false),

    /**
     * Not started: this worker no longer owns the partition or is shutting down. Not acknowledged.
     */
    SKIPPED(false);

    private final boolean acknowledge;

    JobOutcome(boolean acknowledge) {
        this.acknowledge = acknowledge;
    }

    /**
     * Returns whether the job's record is to be acknowledged (committed).
     *
     * @return {@code true} when the job reached a final state
     */
    public boolean acknowledge() {
        return acknowledge;
    }
}
