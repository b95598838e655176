package io.kdstream.evaluator.domain;

import io.kdstream.core.schema.RunStatus;
import java.time.Instant;

/**
 * The latest manifest of a teacher run.
 *
 * @param runId the run
 * @param architecture registry name of the teacher
 * @param teacherModelId the checkpoint whose logits were streamed
 * @param sampleCount training images streamed
 * @param status streaming, complete or failed
 * @param teacherTestAccuracy the teacher's test accuracy as the teacher measured it, or {@code null}
 * @param reason why the run failed, or {@code null}
 * @param updatedAt when the manifest was written
 */
public record RunManifest(
        String runId,
        String architecture,
        String teacherModelId,
        int sampleCount,
        RunStatus status,
        Double teacherTestAccuracy,
        String reason,
        Instant updatedAt) {}
