package io.kdstream.core.codec;

import io.kdstream.core.schema.StudentJob;

/** Kafka deserializer for {@link StudentJob} records. */
public final class StudentJobDeserializer extends AvroDeserializer<StudentJob> {
    public StudentJobDeserializer() {
        super(StudentJob.getDecoder(), "StudentJob");
    }
}
