package io.kdstream.teacher.messaging;

import io.kdstream.core.loss.DistillationLoss;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import java.nio.ByteBuffer;
import java.util.HashMap;

/** Converts between {@link TeacherCheckpoint} and the Avro {@link ModelCheckpoint}. */
public final class ModelCheckpointMapper {

    private ModelCheckpointMapper() {}

    /**
     * Builds the Avro record of a teacher checkpoint: role TEACHER, loss mode none.
     *
     * @param checkpoint the checkpoint
     * @return the record
     */
    public static ModelCheckpoint toAvro(TeacherCheckpoint checkpoint) {
        return ModelCheckpoint.newBuilder()
                .setModelId(checkpoint.modelId())
                .setRole(ModelRole.TEACHER)
                .setArchitecture(checkpoint.architecture())
                .setOwnerId(checkpoint.ownerId())
                .setExperimentId(null)
                .setTeacherRunId(null)
                .setLossMode(DistillationLoss.Mode.NONE.configName())
                .setEpoch(checkpoint.epoch())
                .setEpochs(checkpoint.epochs())
                .setTrainLoss(checkpoint.trainLoss())
                .setHyperparameters(new HashMap<>(checkpoint.hyperparameters()))
                .setParameterCount(checkpoint.parameterCount())
                .setParameters(ByteBuffer.wrap(checkpoint.parameters()))
                .setOptimizerState(null)
                .setCreatedAt(checkpoint.createdAt())
                .build();
    }

    /**
     * Reads a teacher checkpoint back; the test accuracy is unknown.
     *
     * @param record the record
     * @return the checkpoint
     * @throws IllegalArgumentException if the record is not a teacher's
     */
    public static TeacherCheckpoint fromAvro(ModelCheckpoint record) {
        if (record.getRole() != ModelRole.TEACHER) {
            throw new IllegalArgumentException(
                    "model "
                            + record.getModelId()
                            + " is a "
                            + record.getRole()
                            + " checkpoint, not a TEACHER one");
        }
        ByteBuffer buffer = record.getParameters().duplicate();
        byte[] parameters = new byte[buffer.remaining()];
        buffer.get(parameters);
        return new TeacherCheckpoint(
                record.getModelId(),
                record.getOwnerId(),
                record.getArchitecture(),
                record.getEpoch(),
                record.getEpochs(),
                record.getTrainLoss(),
                null,
                record.getParameterCount(),
                parameters,
                record.getHyperparameters(),
                record.getCreatedAt());
    }
}
