package io.kdstream.teacher.domain;

/** What the teacher's worker is doing right now. */
public enum Phase {
    IDLE,
    TRAINING,
    STREAMING
}
