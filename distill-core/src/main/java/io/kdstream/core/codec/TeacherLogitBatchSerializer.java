package io.kdstream.core.codec;

import io.kdstream.core.schema.TeacherLogitBatch;

/** Kafka serializer for {@link TeacherLogitBatch} records. */
public final class TeacherLogitBatchSerializer extends AvroSerializer<TeacherLogitBatch> {
    public TeacherLogitBatchSerializer() {
        super(TeacherLogitBatch.getEncoder());
    }
}
