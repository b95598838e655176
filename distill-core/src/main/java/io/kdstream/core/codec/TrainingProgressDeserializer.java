package io.kdstream.core.codec;

import io.kdstream.core.schema.TrainingProgress;

/** Kafka deserializer for {@link TrainingProgress} records. */
public final class TrainingProgressDeserializer extends AvroDeserializer<TrainingProgress> {
    public TrainingProgressDeserializer() {
        super(TrainingProgress.getDecoder(), "TrainingProgress");
    }
}
