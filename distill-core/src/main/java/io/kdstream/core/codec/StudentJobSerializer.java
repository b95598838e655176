package io.kdstream.core.codec;

import io.kdstream.core.schema.StudentJob;

/** Kafka serializer for {@link StudentJob} records. */
public final class StudentJobSerializer extends AvroSerializer<StudentJob> {
    public StudentJobSerializer() {
        super(StudentJob.getEncoder());
    }
}
