package io.kdstream.core.run;

import io.kdstream.core.schema.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * The manifest of a teacher run, as the teacher-runs topic carries it (key: the run id; the last
 * manifest of a run is its state).
 *
 * @param runId the run id, also the key of the run's logit records
 * @param architecture registry name of the teacher network
 * @param teacherModelId the checkpoint whose logits are streamed
 * @param datasetFingerprint sha-256 of the streamed images and labels
 * @param sampleCount the number of images streamed
 * @param batchSize images per logit record
 * @param batchCount the number of logit records
 * @param status STREAMING, COMPLETE or FAILED
 * @param logitsTopic the topic the logit records go to
 * @param offsets exact offset ranges, one per partition, by partition; empty until COMPLETE
 * @param teacherTestAccuracy the teacher's test accuracy as the teacher measured it, or {@code
 *     null}
 * @param reason why the run failed, or {@code null}
 * @param updatedAt when this version of the manifest was made
 * @param profile the teacher's training profile (quick, reference), or {@code null} when unknown
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
        Instant updatedAt,
        String profile) {

    /** The profile of a run whose manifest names none (written before profiles were recorded). */
    public static final String DEFAULT_PROFILE = "quick";

    /** Copies the offsets. */
    public RunManifest {
        offsets = List.copyOf(offsets);
    }

    /**
     * Returns the teacher's training profile.
     *
     * @return the recorded profile, {@value #DEFAULT_PROFILE} when the manifest names none
     */
    public String profileOrDefault() {
        return profile == null || profile.isBlank() ? DEFAULT_PROFILE : profile;
    }

    /**
     * Returns whether every logit record of the run is on the broker.
     *
     * @return {@code true} for a COMPLETE run
     */
    public boolean isComplete() {
        return status == RunStatus.COMPLETE;
    }

    /**
     * Returns the COMPLETE version of this manifest.
     *
     * @param ranges the exact offsets of every logit record of the run
     * @return the manifest with those offsets, now
     */
    public RunManifest complete(List<OffsetRange> ranges) {
        return withStatus(RunStatus.COMPLETE, ranges, null);
    }

    /**
     * Returns the FAILED version of this manifest.
     *
     * @param why the reason
     * @return the manifest without offsets, now
     */
    public RunManifest failed(String why) {
        return withStatus(RunStatus.FAILED, List.of(), why);
    }

    private RunManifest withStatus(RunStatus to, List<OffsetRange> ranges, String why) {
        return new RunManifest(
                runId,
                architecture,
                teacherModelId,
                datasetFingerprint,
                sampleCount,
                batchSize,
                batchCount,
                to,
                logitsTopic,
                ranges,
                teacherTestAccuracy,
                why,
                Instant.now(),
                profile);
    }
}
