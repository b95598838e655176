package io.kdstream.core.codec;

import io.kdstream.core.schema.TeacherRun;

/** Kafka serializer for {@link TeacherRun} records. */
public final class TeacherRunSerializer extends AvroSerializer<TeacherRun> {
    public TeacherRunSerializer() {
        super(TeacherRun.getEncoder());
    }
}
