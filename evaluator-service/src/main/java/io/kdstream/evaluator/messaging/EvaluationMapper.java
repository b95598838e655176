package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Evaluation;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.domain.OmittedClassScore;

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
                .setOmittedClass(toAvro(e.omittedClass()))
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
                r.getEvaluatedAt(),
                toDomain(r.getOmittedClass()));
    }

    private static io.kdstream.core.schema.OmittedClassScore toAvro(OmittedClassScore s) {
        return s == null
                ? null
                : io.kdstream.core.schema.OmittedClassScore.newBuilder()
                        .setOmittedClass(s.omittedClass())
                        .setBias(s.bias())
                        .setHeldOutImages(s.heldOutImages())
                        .setHeldOutAccuracy(s.heldOutAccuracy())
                        .setAdjustedAccuracy(s.adjustedAccuracy())
                        .setAdjustedClassAccuracy(s.adjustedClassAccuracy())
                        .build();
    }

    private static OmittedClassScore toDomain(io.kdstream.core.schema.OmittedClassScore r) {
        return r == null
                ? null
                : new OmittedClassScore(
                        r.getOmittedClass(),
                        r.getBias(),
                        r.getHeldOutImages(),
                        r.getHeldOutAccuracy(),
                        r.getAdjustedAccuracy(),
                        r.getAdjustedClassAccuracy());
    }
}
