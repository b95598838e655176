package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Evaluation;
import io.kdstream.evaluator.domain.ModelEvaluation;

/** Converts between {@link Evaluation} records and {@link ModelEvaluation} values. */
final class EvaluationMapper {

    private EvaluationMapper() {}

    static Evaluation toAvro(ModelEvaluation e) {
        return Evaluation.newBuilder()
                .setModelId(e.modelId())
                .setRole(e.role())
                .setOwnerId(e.ownerId())
                .setExperimentId(e.experimentId())
                .setArchitecture(e.architecture())
                .setLossMode(e.lossMode())
                .setEpoch(e.epoch())
                .setEpochs(e.epochs())
                .setTrainLoss(e.trainLoss())
                .setAccuracy(e.accuracy())
                .setErrors(e.errors())
                .setTestLoss(e.testLoss())
                .setPerClassAccuracy(e.perClassAccuracy())
                .setConfusion(e.confusion())
                .setTeacherAgreement(e.teacherAgreement())
                .setParameterCount(e.parameterCount())
                .setSizeBytes(e.sizeBytes())
                .setCompressionRatio(e.compressionRatio())
                .setImagesPerSecond(e.imagesPerSecond())
                .setEvaluatedAt(e.evaluatedAt())
                .build();
    }

    /** The record does not carry the teacher run; it is looked up from the job when needed. */
    static ModelEvaluation toDomain(Evaluation r) {
        return new ModelEvaluation(
                r.getModelId(),
                r.getRole(),
                r.getOwnerId(),
                r.getExperimentId(),
                null,
                r.getArchitecture(),
                r.getLossMode(),
                r.getEpoch(),
                r.getEpochs(),
                r.getTrainLoss(),
                r.getAccuracy(),
                r.getErrors(),
                r.getTestLoss(),
                r.getPerClassAccuracy(),
                r.getConfusion(),
                r.getTeacherAgreement(),
                r.getParameterCount(),
                r.getSizeBytes(),
                r.getCompressionRatio(),
                r.getImagesPerSecond(),
                r.getEvaluatedAt());
    }
}
