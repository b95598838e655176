package io.kdstream.teacher.domain;

/** A re-stream request the teacher refuses, with the reason the caller is told. */
public class RunRequestRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Reason {
        /** A field is missing or out of range. */
        INVALID,
        /** The model id names no checkpoint on the models topic. */
        NOT_FOUND,
        /** There is nothing to stream yet (no checkpoint trained by this instance). */
        CONFLICT,
        /** The models topic could not be read. */
        UNAVAILABLE,
        /** The queue of requested runs is full ({@code kd.teacher.max-queued-runs}). */
        TOO_MANY
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the request was refused
     * @param message the message for the caller
     */
    public RunRequestRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Returns why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
