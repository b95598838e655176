package io.kdstream.teacher.domain;

import java.time.Instant;
import java.util.List;

/**
 * The manifest of a teacher run, as published to the teacher-runs topic.
 *
 * @param runId the run id, also the key of the run's records
 * @param architecture registry name of the teacher network
 * @param teacherModelId the checkpoint whose logits are streamed
 * @param datasetFingerprint sha-256 of the streamed images and labels
 * @param sampleCount the number of images streamed
 * @param batchSize images per batch record
 * @param batchCount the number of batch records
 * @param status STREAMING, COMPLETE or FAILED
 * @param logitsTopic the topic the batches go to
 * @param offsets exact offset ranges per partition; empty until COMPLETE
 * @param teacherTestAccuracy the teacher's test accuracy, or {@code null}
 * @param reason why the run failed, or {@code null}
 * @param updatedAt when this version of the manifest was made
 */
public record RunManifest(
        String runId,
        String architecture,
        String teacherModelId,
        String datasetFingerprint,
        int sampleCount,
        int batchSize,
        int batchCount,
        RunStatus status,
        String logitsTopic,
        List<OffsetRange> offsets,
        Double teacherTestAccuracy,
        String reason,
        Instant updatedAt) {

    /** Copies the offsets; a manifest is never QUEUED. */
    public RunManifest {
        if (status == RunStatus.QUEUED) {
            throw new IllegalArgumentException("a published manifest is never QUEUED");
        }
        offsets = List.copyOf(offsets);
    }

    /** Returns the COMPLETE version of this manifest. */
    public RunManifest complete(List<OffsetRange> ranges) {
        return new RunManifest(
                runId,
                architecture,
                teacherModelId,
                datasetFingerprint,
                sampleCount,
                batchSize,
                batchCount,
                RunStatus.COMPLETE,
                logitsTopic,
                ranges,
                teacherTestAccuracy,
                null,
                Instant.now());
    }

    /** Returns the FAILED version of this manifest. */
    public RunManifest failed(String why) {
        return new RunManifest(
                runId,
                architecture,
                teacherModelId,
                datasetFingerprint,
                sampleCount,
                batchSize,
                batchCount,
                RunStatus.FAILED,
                logitsTopic,
                List.of(),
                teacherTestAccuracy,
                why,
                Instant.now());
    }
}
