package io.kdstream.core.codec;

import io.kdstream.core.schema.TeacherLogitBatch;

/** Kafka deserializer for {@link TeacherLogitBatch} records. */
public final class TeacherLogitBatchDeserializer extends AvroDeserializer<TeacherLogitBatch> {
    public TeacherLogitBatchDeserializer() {
        super(TeacherLogitBatch.getDecoder(), "TeacherLogitBatch");
    }
}
