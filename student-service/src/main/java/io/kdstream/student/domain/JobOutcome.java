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
     * Stopped before its end by a shutdown or a lost lock: released (not acknowledged), so the next
     * worker to take the job resumes it from its last checkpoint.
     */
    STOPPED(false),

    /** Not started: the worker is shutting down or already trains the job. Released. */
    SKIPPED(false);

    private final boolean acknowledge;

    JobOutcome(boolean acknowledge) {
        this.acknowledge = acknowledge;
    }

    /**
     * Returns whether the job's record is accepted (done with), or released for another delivery.
     *
     * @return {@code true} when the job reached a final state
     */
    public boolean acknowledge() {
        return acknowledge;
    }
}
