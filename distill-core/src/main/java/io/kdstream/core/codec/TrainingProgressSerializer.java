package io.kdstream.core.codec;

import io.kdstream.core.schema.TrainingProgress;

/** Kafka serializer for {@link TrainingProgress} records. */
public final class TrainingProgressSerializer extends AvroSerializer<TrainingProgress> {
    public TrainingProgressSerializer() {
        super(TrainingProgress.getEncoder());
    }
}
