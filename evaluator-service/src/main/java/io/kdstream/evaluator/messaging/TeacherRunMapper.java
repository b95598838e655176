package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TeacherRun;
import io.kdstream.evaluator.domain.RunManifest;

/** Converts {@link TeacherRun} records to {@link RunManifest} values. */
final class TeacherRunMapper {

    private TeacherRunMapper() {}

    static RunManifest toDomain(TeacherRun r) {
        return new RunManifest(
                r.getRunId(),
                r.getArchitecture(),
                r.getTeacherModelId(),
                r.getSampleCount(),
                r.getStatus(),
                r.getTeacherTestAccuracy(),
                r.getReason(),
                r.getUpdatedAt());
    }
}
