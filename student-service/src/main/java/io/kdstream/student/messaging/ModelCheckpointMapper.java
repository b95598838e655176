package io.kdstream.student.messaging;

import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.student.domain.StudentCheckpoint;
import java.nio.ByteBuffer;
import java.util.HashMap;

/** Converts between {@link StudentCheckpoint} and the Avro {@link ModelCheckpoint}. */
public final class ModelCheckpointMapper {

    private ModelCheckpointMapper() {}

    /**
     * Builds the Avro record of a student checkpoint: role STUDENT, owner = the job.
     *
     * @param checkpoint the checkpoint
     * @return the record
     */
    public static ModelCheckpoint toAvro(StudentCheckpoint checkpoint) {
        return ModelCheckpoint.newBuilder()
                .setModelId(checkpoint.modelId())
                .setRole(ModelRole.STUDENT)
                .setArchitecture(checkpoint.architecture())
                .setOwnerId(checkpoint.jobId())
                .setExperimentId(checkpoint.experimentId())
                .setTeacherRunId(checkpoint.teacherRunId())
                .setLossMode(checkpoint.lossMode())
                .setEpoch(checkpoint.epoch())
                .setEpochs(checkpoint.epochs())
                .setTrainLoss(checkpoint.trainLoss())
                .setHyperparameters(new HashMap<>(checkpoint.hyperparameters()))
                .setParameterCount(checkpoint.parameterCount())
                .setParameters(ByteBuffer.wrap(checkpoint.parameters()))
                .setOptimizerState(
                        checkpoint.optimizerState() == null
                                ? null
                                : ByteBuffer.wrap(checkpoint.optimizerState()))
                .setCreatedAt(checkpoint.createdAt())
                .build();
    }

    /**
     * Reads a student checkpoint back, to resume its job.
     *
     * @param record the record
     * @return the checkpoint
     * @throws IllegalArgumentException if the record is not a student's
     */
    public static StudentCheckpoint fromAvro(ModelCheckpoint record) {
        if (record.getRole() != ModelRole.STUDENT) {
            throw new IllegalArgumentException(
                    "model "
                            + record.getModelId()
                            + " is a "
                            + record.getRole()
                            + " checkpoint, not a STUDENT one");
        }
        return new StudentCheckpoint(
                record.getModelId(),
                record.getOwnerId(),
                record.getExperimentId(),
                record.getTeacherRunId(),
                record.getArchitecture(),
                record.getLossMode(),
                record.getEpoch(),
                record.getEpochs(),
                record.getTrainLoss(),
                record.getHyperparameters(),
                record.getParameterCount(),
                bytes(record.getParameters()),
                record.getOptimizerState() == null ? null : bytes(record.getOptimizerState()),
                record.getCreatedAt());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
