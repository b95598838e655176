package io.kdstream.core.codec;

import io.kdstream.core.schema.StudentJob;

/**
 * Kafka deserializer for {@link StudentJob} records, also those written before {@code group}
 * existed (v1).
 */
public final class StudentJobDeserializer extends AvroDeserializer<StudentJob> {
    public StudentJobDeserializer() {
        super(
                StudentJob.createDecoder(
                        SchemaHistory.of("student-job-v1.avsc", "student-job-v2.avsc")),
                "StudentJob");
    }
}
