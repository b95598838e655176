package io.kdstream.evaluator.messaging;

import ai.djl.Device;
import ai.djl.Model;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierTrainer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Builds the Avro records the tests publish. */
public final class Records {

    private Records() {}

    /** A manifest of a teacher run of the tutorial teacher. */
    public static TeacherRun manifest(String runId, String teacherModelId, RunStatus status) {
        return TeacherRun.newBuilder()
                .setRunId(runId)
                .setArchitecture("tutorial-teacher")
                .setTeacherModelId(teacherModelId)
                .setDatasetFingerprint("0".repeat(64))
                .setSampleCount(2000)
                .setBatchSize(100)
                .setBatchCount(20)
                .setStatus(status)
                .setLogitsTopic("kd.teacher-logits")
                .setOffsets(List.of())
                .setUpdatedAt(now())
                .build();
    }

    /** A checkpoint with the given parameter bytes. */
    public static ModelCheckpoint checkpoint(
            String modelId,
            ModelRole role,
            String architecture,
            String ownerId,
            int epoch,
            int epochs,
            byte[] parameters) {
        return ModelCheckpoint.newBuilder()
                .setModelId(modelId)
                .setRole(role)
                .setArchitecture(architecture)
                .setOwnerId(ownerId)
                .setLossMode(role == ModelRole.TEACHER ? "none" : "hinton")
                .setEpoch(epoch)
                .setEpochs(epochs)
                .setTrainLoss(0.5)
                .setHyperparameters(Map.of("lr", "0.05"))
                .setParameterCount(0)
                .setParameters(ByteBuffer.wrap(parameters))
                .setCreatedAt(now())
                .build();
    }

    /** The parameters of a freshly initialized, untrained network. */
    public static byte[] untrainedParameters(String architecture) {
        try (Model model =
                ClassifierTrainer.newModel(
                        architecture, WeightInit.PYTORCH_DEFAULT, Device.cpu())) {
            return Checkpoints.toBytes(model.getBlock());
        }
    }

    /** An evaluation as another evaluator would have published it. */
    public static Evaluation evaluation(
            String modelId,
            ModelRole role,
            String ownerId,
            int epoch,
            int epochs,
            double accuracy,
            long params) {
        return Evaluation.newBuilder()
                .setModelId(modelId)
                .setRole(role)
                .setOwnerId(ownerId)
                .setArchitecture(
                        role == ModelRole.TEACHER ? "tutorial-teacher" : "tutorial-student")
                .setLossMode("hinton")
                .setEpoch(epoch)
                .setEpochs(epochs)
                .setTrainLoss(0.2)
                .setAccuracy(accuracy)
                .setErrors((int) Math.round((1 - accuracy) * 10000))
                .setTestLoss(0.05)
                .setPerClassAccuracy(Collections.nCopies(10, accuracy))
                .setConfusion(Collections.nCopies(100, 0))
                .setTeacherAgreement(role == ModelRole.TEACHER ? 1.0 : 0.99)
                .setParameterCount(params)
                .setSizeBytes(params * 4)
                .setCompressionRatio(81194.0 / params)
                .setImagesPerSecond(20000)
                .setEvaluatedAt(now())
                .build();
    }

    /** Progress of a student job. */
    public static TrainingProgress progress(String jobId, WorkState state, int epoch) {
        return TrainingProgress.newBuilder()
                .setId(jobId)
                .setKind(WorkKind.STUDENT_JOB)
                .setState(state)
                .setWorker("worker-7")
                .setEpoch(epoch)
                .setEpochs(3)
                .setStep(50)
                .setStepsPerEpoch(938)
                .setLoss(0.42)
                .setSamplesPerSecond(3210.0)
                .setEtaSeconds(95.0)
                .setUpdatedAt(now())
                .build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
