package io.kdstream.core.codec;

import io.kdstream.core.schema.ModelCheckpoint;

/** Kafka deserializer for {@link ModelCheckpoint} records. */
public final class ModelCheckpointDeserializer extends AvroDeserializer<ModelCheckpoint> {
    public ModelCheckpointDeserializer() {
        // also records written before the attempt field
        super(
                ModelCheckpoint.createDecoder(SchemaHistory.of("model-checkpoint-v1.avsc")),
                "ModelCheckpoint");
    }
}
