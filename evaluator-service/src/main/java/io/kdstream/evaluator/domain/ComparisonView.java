package io.kdstream.evaluator.domain;

import io.kdstream.core.schema.ModelRole;
import java.time.Instant;
import java.util.List;

/**
 * Teacher vs each student of one experiment, with the deltas.
 *
 * @param experimentId the experiment
 * @param teacherRunId the teacher run the students distil from
 * @param complete whether every job has its final evaluation or gave up
 * @param rows the teacher first, then one row per evaluated student job
 * @param updatedAt when the comparison was computed
 */
public record ComparisonView(
        String experimentId,
        String teacherRunId,
        boolean complete,
        List<Row> rows,
        Instant updatedAt) {

    /** Copies the rows. */
    public ComparisonView {
        rows = List.copyOf(rows);
    }

    /**
     * Returns whether another comparison says the same, ignoring when it was computed.
     *
     * @param other the other comparison, or {@code null}
     * @return {@code true} if only {@code updatedAt} may differ
     */
    public boolean sameContent(ComparisonView other) {
        return other != null
                && experimentId.equals(other.experimentId)
                && teacherRunId.equals(other.teacherRunId)
                && complete == other.complete
                && rows.equals(other.rows);
    }

    /**
     * One model of the comparison.
     *
     * @param label {@code teacher}, or the student job's label
     * @param modelId the evaluated checkpoint
     * @param role teacher or student
     * @param jobId the student job, or {@code null} for the teacher
     * @param architecture registry name of the network
     * @param lossMode hinton, tutorial or none
     * @param alpha the student's alpha when it distils, else {@code null}
     * @param temperature the student's temperature when it distils, else {@code null}
     * @param epoch the evaluated epoch
     * @param epochs the planned epochs
     * @param accuracy test accuracy, in [0, 1]
     * @param errors test errors
     * @param deltaVsTeacher accuracy minus the teacher's, in percentage points
     * @param deltaVsScratch accuracy minus the scratch student's, in percentage points, or {@code
     *     null} without an evaluated scratch student
     * @param parameterCount scalar parameters
     * @param sizeBytes size of the serialized parameters
     * @param compressionRatio teacher parameters / these parameters
     * @param teacherAgreement share of test images predicted as the teacher does, or {@code null}
     * @param imagesPerSecond inference throughput on the evaluator
     */
    public record Row(
            String label,
            String modelId,
            ModelRole role,
            String jobId,
            String architecture,
            String lossMode,
            Double alpha,
            Double temperature,
            int epoch,
            int epochs,
            double accuracy,
            int errors,
            double deltaVsTeacher,
            Double deltaVsScratch,
            long parameterCount,
            long sizeBytes,
            double compressionRatio,
            Double teacherAgreement,
            double imagesPerSecond) {}
}
