package io.kdstream.student.messaging;

import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.student.domain.OffsetRange;
import io.kdstream.student.domain.RunManifest;

/** Converts the Avro {@link TeacherRun} manifest to a {@link RunManifest}. */
public final class TeacherRunMapper {

    private TeacherRunMapper() {}

    /**
     * Reads a manifest.
     *
     * @param record the record
     * @return the manifest, offsets sorted by partition
     */
    public static RunManifest toDomain(TeacherRun record) {
        return new RunManifest(
                record.getRunId(),
                record.getArchitecture(),
                record.getTeacherModelId(),
                record.getSampleCount(),
                record.getBatchSize(),
                record.getBatchCount(),
                record.getStatus().name(),
                record.getLogitsTopic(),
                record.getOffsets().stream()
                        .sorted((a, b) -> Integer.compare(a.getPartition(), b.getPartition()))
                        .map(TeacherRunMapper::range)
                        .toList());
    }

    private static OffsetRange range(PartitionRange r) {
        return new OffsetRange(r.getPartition(), r.getStartOffset(), r.getEndOffset());
    }
}
