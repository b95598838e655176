package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Comparison;
import io.kdstream.core.schema.ComparisonGroup;
import io.kdstream.core.schema.ComparisonRow;
import io.kdstream.core.schema.OmittedClassSummary;
import io.kdstream.evaluator.domain.ComparisonView;

/** Converts {@link ComparisonView} values to {@link Comparison} records. */
final class ComparisonMapper {

    private ComparisonMapper() {}

    static Comparison toAvro(ComparisonView c) {
        return Comparison.newBuilder()
                .setExperimentId(c.experimentId())
                .setTeacherRunId(c.teacherRunId())
                .setComplete(c.complete())
                .setRows(c.rows().stream().map(ComparisonMapper::row).toList())
                .setUpdatedAt(c.updatedAt())
                .setGroups(c.groups().stream().map(ComparisonMapper::group).toList())
                .build();
    }

    private static ComparisonGroup group(ComparisonView.Group g) {
        return ComparisonGroup.newBuilder()
                .setLabel(g.label())
                .setLossMode(g.lossMode())
                .setSeeds(g.seeds())
                .setEvaluated(g.evaluated())
                .setMeanAccuracy(g.meanAccuracy())
                .setSdAccuracy(g.sdAccuracy())
                .setDeltaVsScratch(g.deltaVsScratch())
                .setCiLow(g.ciLow())
                .setCiHigh(g.ciHigh())
                .setSignificant(g.significant())
                .setOmittedClass(omitted(g.omittedClass()))
                .build();
    }

    private static OmittedClassSummary omitted(ComparisonView.OmittedClassSummary o) {
        return o == null
                ? null
                : OmittedClassSummary.newBuilder()
                        .setOmittedClass(o.omittedClass())
                        .setClassAccuracy(o.classAccuracy())
                        .setClassAccuracySd(o.classAccuracySd())
                        .setAdjustedClassAccuracy(o.adjustedClassAccuracy())
                        .setAdjustedClassAccuracySd(o.adjustedClassAccuracySd())
                        .setAdjustedAccuracy(o.adjustedAccuracy())
                        .setBias(o.bias())
                        .build();
    }

    private static ComparisonRow row(ComparisonView.Row r) {
        return ComparisonRow.newBuilder()
                .setLabel(r.label())
                .setModelId(r.modelId())
                .setRole(r.role())
                .setLossMode(r.lossMode())
                .setEpoch(r.epoch())
                .setAccuracy(r.accuracy())
                .setErrors(r.errors())
                .setDeltaVsTeacher(r.deltaVsTeacher())
                .setDeltaVsScratch(r.deltaVsScratch())
                .setParameterCount(r.parameterCount())
                .setSizeBytes(r.sizeBytes())
                .setCompressionRatio(r.compressionRatio())
                .setTeacherAgreement(r.teacherAgreement())
                .setImagesPerSecond(r.imagesPerSecond())
                .build();
    }
}
