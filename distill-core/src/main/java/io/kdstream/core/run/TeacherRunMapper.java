package io.kdstream.core.run;

import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.TeacherRun;
import java.util.Comparator;

/** Converts between {@link RunManifest} and the Avro {@link TeacherRun} record. */
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
                .setStatus(manifest.status())
                .setLogitsTopic(manifest.logitsTopic())
                .setOffsets(
                        manifest.offsets().stream()
                                .map(r -> new PartitionRange(r.partition(), r.start(), r.end()))
                                .toList())
                .setTeacherTestAccuracy(manifest.teacherTestAccuracy())
                .setReason(manifest.reason())
                .setUpdatedAt(manifest.updatedAt())
                .setProfile(manifest.profile())
                .build();
    }

    /**
     * Reads a manifest from its Avro record.
     *
     * @param run the record
     * @return the manifest, its offsets sorted by partition
     */
    public static RunManifest toDomain(TeacherRun run) {
        return new RunManifest(
                run.getRunId(),
                run.getArchitecture(),
                run.getTeacherModelId(),
                run.getDatasetFingerprint(),
                run.getSampleCount(),
                run.getBatchSize(),
                run.getBatchCount(),
                run.getStatus(),
                run.getLogitsTopic(),
                run.getOffsets().stream()
                        .sorted(Comparator.comparingInt(PartitionRange::getPartition))
                        .map(
                                r ->
                                        new OffsetRange(
                                                r.getPartition(),
                                                r.getStartOffset(),
                                                r.getEndOffset()))
                        .toList(),
                run.getTeacherTestAccuracy(),
                run.getReason(),
                run.getUpdatedAt(),
                run.getProfile() == null ? null : run.getProfile().toString());
    }
}
