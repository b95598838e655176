package io.kdstream.core.codec;

import io.kdstream.core.schema.ModelCheckpoint;

/** Kafka serializer for {@link ModelCheckpoint} records. */
public final class ModelCheckpointSerializer extends AvroSerializer<ModelCheckpoint> {
    public ModelCheckpointSerializer() {
        super(ModelCheckpoint.getEncoder());
    }
}
