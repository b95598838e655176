package io.kdstream.core.codec;

import io.kdstream.core.schema.ModelCheckpoint;

/** Kafka deserializer for {@link ModelCheckpoint} records. */
public final class ModelCheckpointDeserializer extends AvroDeserializer<ModelCheckpoint> {
    public ModelCheckpointDeserializer() {
        super(ModelCheckpoint.getDecoder(), "ModelCheckpoint");
    }
}
