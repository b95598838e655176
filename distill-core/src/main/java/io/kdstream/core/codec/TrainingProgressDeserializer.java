package io.kdstream.core.codec;

import io.kdstream.core.schema.TrainingProgress;

/** Kafka deserializer for {@link TrainingProgress} records. */
public final class TrainingProgressDeserializer extends AvroDeserializer<TrainingProgress> {
    public TrainingProgressDeserializer() {
        // also records written before the attempt field
        super(
                TrainingProgress.createDecoder(SchemaHistory.of("training-progress-v1.avsc")),
                "TrainingProgress");
    }
}
