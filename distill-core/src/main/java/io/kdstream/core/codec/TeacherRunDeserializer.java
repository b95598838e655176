package io.kdstream.core.codec;

import io.kdstream.core.schema.TeacherRun;

/** Kafka deserializer for {@link TeacherRun} records. */
public final class TeacherRunDeserializer extends AvroDeserializer<TeacherRun> {
    public TeacherRunDeserializer() {
        super(TeacherRun.createDecoder(SchemaHistory.of("teacher-run-v1.avsc")), "TeacherRun");
    }
}
