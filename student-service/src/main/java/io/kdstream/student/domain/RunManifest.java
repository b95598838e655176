package io.kdstream.student.domain;

import java.util.List;

/**
 * What a student needs to know of a teacher run's manifest to replay it.
 *
 * @param runId the run id
 * @param architecture the teacher's architecture
 * @param teacherModelId the teacher checkpoint whose logits were streamed
 * @param sampleCount images in the run
 * @param batchSize images per logit record
 * @param batchCount logit records in the run
 * @param status STREAMING, COMPLETE or FAILED
 * @param logitsTopic the topic holding the logit records
 * @param offsets the run's offset ranges, one per partition; empty until COMPLETE
 */
public record RunManifest(
        String runId,
        String architecture,
        String teacherModelId,
        int sampleCount,
        int batchSize,
        int batchCount,
        String status,
        String logitsTopic,
        List<OffsetRange> offsets) {

    /** The status of a run whose logits are all on the broker. */
    public static final String COMPLETE = "COMPLETE";

    /** Copies the offsets. */
    public RunManifest {
        offsets = List.copyOf(offsets);
    }

    /**
     * Returns whether every logit record of the run is on the broker.
     *
     * @return {@code true} for a COMPLETE run
     */
    public boolean complete() {
        return COMPLETE.equals(status);
    }
}
