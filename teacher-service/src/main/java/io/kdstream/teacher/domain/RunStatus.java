package io.kdstream.teacher.domain;

/** Where a teacher run stands. Only QUEUED never leaves the service: manifests start at STREAMING. */
public enum RunStatus {
    /** Accepted, waiting for the worker (training or another run is ahead of it). */
    QUEUED,
    /** The manifest is out; logit batches are being published. */
    STREAMING,
    /** Every batch was acknowledged; the manifest holds the exact offsets. */
    COMPLETE,
    /** Stopped with a reason. */
    FAILED
}
