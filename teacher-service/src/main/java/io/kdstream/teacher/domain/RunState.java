package io.kdstream.teacher.domain;

/**
 * Where a teacher run stands in this service, as its REST API shows it. QUEUED never leaves the
 * service; the other three are the manifest's {@code io.kdstream.core.schema.RunStatus}, which a
 * queued run does not have yet.
 */
public enum RunState {
    /** Accepted, waiting for the worker (training or another run is ahead of it). */
    QUEUED,
    /** The manifest is out; logit batches are being published. */
    STREAMING,
    /** Every batch was acknowledged; the manifest holds the exact offsets. */
    COMPLETE,
    /** Stopped with a reason. */
    FAILED
}
