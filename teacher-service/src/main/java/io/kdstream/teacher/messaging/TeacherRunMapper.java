package io.kdstream.teacher.messaging;

import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.teacher.domain.OffsetRange;
import io.kdstream.teacher.domain.RunManifest;
import io.kdstream.teacher.domain.RunStatus;

/** Converts between {@link RunManifest} and the Avro {@link TeacherRun}. */
public final class TeacherRunMapper {

    private TeacherRunMapper() {}

    /**
     * Builds the Avro record of a manifest.
     *
     * @param manifest the manifest
     * @return the record
     */
    public static TeacherRun toAvro(RunManifest manifest) {
        return TeacherRun.newBuilder()
                .setRunId(manifest.runId())
                .setArchitecture(manifest.architecture())
                .setTeacherModelId(manifest.teacherModelId())
                .setDatasetFingerprint(manifest.datasetFingerprint())
                .setSampleCount(manifest.sampleCount())
                .setBatchSize(manifest.batchSize())
                .setBatchCount(manifest.batchCount())
                .setStatus(io.kdstream.core.schema.RunStatus.valueOf(manifest.status().name()))
                .setLogitsTopic(manifest.logitsTopic())
                .setOffsets(
                        manifest.offsets().stream()
                                .map(
                                        r ->
                                                new PartitionRange(
                                                        r.partition(),
                                                        r.startOffset(),
                                                        r.endOffset()))
                                .toList())
                .setTeacherTestAccuracy(manifest.teacherTestAccuracy())
                .setReason(manifest.reason())
                .setUpdatedAt(manifest.updatedAt())
                .build();
    }

    /**
     * Reads an Avro record back.
     *
     * @param run the record
     * @return the manifest
     */
    public static RunManifest fromAvro(TeacherRun run) {
        return new RunManifest(
                run.getRunId(),
                run.getArchitecture(),
                run.getTeacherModelId(),
                run.getDatasetFingerprint(),
                run.getSampleCount(),
                run.getBatchSize(),
                run.getBatchCount(),
                RunStatus.valueOf(run.getStatus().name()),
                run.getLogitsTopic(),
                run.getOffsets().stream()
                        .map(
                                r ->
                                        new OffsetRange(
                                                r.getPartition(),
                                                r.getStartOffset(),
                                                r.getEndOffset()))
                        .toList(),
                run.getTeacherTestAccuracy(),
                run.getReason(),
                run.getUpdatedAt());
    }
}
