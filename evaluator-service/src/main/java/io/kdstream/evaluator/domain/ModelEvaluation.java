package io.kdstream.evaluator.domain;

import io.kdstream.core.schema.ModelRole;
import java.time.Instant;
import java.util.List;

/**
 * The evaluation of one checkpoint on the MNIST test images.
 *
 * @param modelId the checkpoint
 * @param role teacher or student
 * @param ownerId teacher training id, or the student job id
 * @param experimentId the student's experiment, or {@code null}
 * @param teacherRunId the teacher run a student distilled from, when known here; not published
 * @param architecture registry name of the network
 * @param lossMode hinton, tutorial or none
 * @param epoch 1-based number of completed epochs
 * @param epochs total epochs planned
 * @param trainLoss mean training loss of the epoch
 * @param accuracy share of test images classified right
 * @param errors test images classified wrong
 * @param testLoss mean cross-entropy over the test images
 * @param perClassAccuracy accuracy per true class, 10 values
 * @param confusion 10x10 counts, row-major, row = true class, column = predicted
 * @param teacherAgreement share of images where the prediction equals the teacher's, or {@code
 *     null}
 * @param parameterCount scalar parameters
 * @param sizeBytes size of the serialized parameters
 * @param compressionRatio teacher parameters / these parameters, or {@code null}
 * @param imagesPerSecond inference throughput measured during the evaluation
 * @param evaluatedAt when the evaluation finished
 * @param omittedClass for a student whose transfer set left a class out: that class after its bias
 *     is tuned on the held-out slice; {@code null} otherwise
 */
public record ModelEvaluation(
        String modelId,
        ModelRole role,
        String ownerId,
        String experimentId,
        String teacherRunId,
        String architecture,
        String lossMode,
        int epoch,
        int epochs,
        double trainLoss,
        double accuracy,
        int errors,
        double testLoss,
        List<Double> perClassAccuracy,
        List<Integer> confusion,
        Double teacherAgreement,
        long parameterCount,
        long sizeBytes,
        Double compressionRatio,
        double imagesPerSecond,
        Instant evaluatedAt,
        OmittedClassScore omittedClass) {

    /** Copies the lists. */
    public ModelEvaluation {
        perClassAccuracy = List.copyOf(perClassAccuracy);
        confusion = List.copyOf(confusion);
    }

    /**
     * Returns whether the figures that need the teacher are both known.
     *
     * @return {@code true} when agreement and compression ratio are set
     */
    public boolean hasTeacherFigures() {
        return teacherAgreement != null && compressionRatio != null;
    }

    /**
     * Returns how many of the figures that need the teacher are known.
     *
     * @return 0, 1 or 2
     */
    public int teacherFigureCount() {
        return (teacherAgreement == null ? 0 : 1) + (compressionRatio == null ? 0 : 1);
    }

    /**
     * Returns whether another evaluation says the same about the same checkpoint: every figure
     * equal but when it was made, how fast this machine ran it, and the teacher run this process
     * happened to know (not published).
     *
     * @param other the other evaluation, or {@code null}
     * @return {@code true} if publishing this one would tell a reader nothing new
     */
    public boolean sameSubstance(ModelEvaluation other) {
        return other != null
                && withTimingOf(other).withTeacherRunId(other.teacherRunId).equals(other);
    }

    private ModelEvaluation withTimingOf(ModelEvaluation other) {
        return copy(
                teacherRunId,
                teacherAgreement,
                compressionRatio,
                other.imagesPerSecond,
                other.evaluatedAt);
    }

    /**
     * Returns a copy that names the teacher run it distilled from.
     *
     * @param runId the teacher run
     * @return the copy
     */
    public ModelEvaluation withTeacherRunId(String runId) {
        return copy(runId, teacherAgreement, compressionRatio, imagesPerSecond, evaluatedAt);
    }

    /**
     * Returns a copy with the figures that need the teacher.
     *
     * @param agreement the agreement, or {@code null}
     * @param compression the compression ratio, or {@code null}
     * @return the copy
     */
    public ModelEvaluation withTeacherFigures(Double agreement, Double compression) {
        return copy(teacherRunId, agreement, compression, imagesPerSecond, evaluatedAt);
    }

    /** A copy with the fields that are filled in after the evaluation, and its timing. */
    private ModelEvaluation copy(
            String runId,
            Double agreement,
            Double compression,
            double throughput,
            Instant evaluatedOn) {
        return new ModelEvaluation(
                modelId,
                role,
                ownerId,
                experimentId,
                runId,
                architecture,
                lossMode,
                epoch,
                epochs,
                trainLoss,
                accuracy,
                errors,
                testLoss,
                perClassAccuracy,
                confusion,
                agreement,
                parameterCount,
                sizeBytes,
                compression,
                throughput,
                evaluatedOn,
                omittedClass);
    }
}
