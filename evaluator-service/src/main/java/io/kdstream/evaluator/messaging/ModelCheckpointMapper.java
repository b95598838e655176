package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.evaluator.domain.Checkpoint;
import java.nio.ByteBuffer;

/** Converts {@link ModelCheckpoint} records to {@link Checkpoint} values. */
final class ModelCheckpointMapper {

    private ModelCheckpointMapper() {}

    static Checkpoint toDomain(ModelCheckpoint r) {
        return new Checkpoint(
                r.getModelId(),
                r.getRole(),
                r.getArchitecture(),
                r.getOwnerId(),
                r.getExperimentId(),
                r.getTeacherRunId(),
                r.getLossMode(),
                r.getEpoch(),
                r.getEpochs(),
                r.getTrainLoss(),
                bytes(r.getParameters()));
    }

    /** Copies the remaining bytes of a buffer without moving its position. */
    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
