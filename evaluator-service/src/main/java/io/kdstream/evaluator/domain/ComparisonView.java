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
 * @param groups one summary per student repeated over seeds, in the order of the rows; empty when
 *     no student of the experiment has more than one seed and none left a class out
 */
public record ComparisonView(
        String experimentId,
        String teacherRunId,
        boolean complete,
        List<Row> rows,
        Instant updatedAt,
        List<Group> groups) {

    /** Copies the lists. */
    public ComparisonView {
        rows = List.copyOf(rows);
        groups = List.copyOf(groups);
    }

    /**
     * A comparison without seed groups.
     *
     * @param experimentId the experiment
     * @param teacherRunId the teacher run
     * @param complete whether every job has its final evaluation or gave up
     * @param rows the rows
     * @param updatedAt when it was computed
     */
    public ComparisonView(
            String experimentId,
            String teacherRunId,
            boolean complete,
            List<Row> rows,
            Instant updatedAt) {
        this(experimentId, teacherRunId, complete, rows, updatedAt, List.of());
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
                && rows.equals(other.rows)
                && groups.equals(other.groups);
    }

    /**
     * A student repeated over seeds: the mean and spread of its final test accuracy, and its
     * difference to the scratch student's group with Welch's 95% confidence interval ({@code
     * statistics.SeedStatistics}).
     *
     * @param label the group: the label the request gave the student
     * @param lossMode hinton, tutorial or none
     * @param seeds jobs of the group, one per seed
     * @param evaluated jobs whose final epoch is evaluated, the values summarised
     * @param meanAccuracy their mean test accuracy in [0, 1], or {@code null} before the first
     * @param sdAccuracy the sample standard deviation, or {@code null} below two values
     * @param deltaVsScratch mean accuracy minus the scratch group's, percentage points, or {@code
     *     null} without both
     * @param ciLow lower end of the 95% interval of that difference, percentage points, or {@code
     *     null} with fewer than two values on a side
     * @param ciHigh upper end, or {@code null} likewise
     * @param significant whether the interval excludes 0, or {@code null} without an interval
     * @param omittedClass for a group whose transfer set left a class out: that class over the
     *     seeds, or {@code null}
     */
    public record Group(
            String label,
            String lossMode,
            int seeds,
            int evaluated,
            Double meanAccuracy,
            Double sdAccuracy,
            Double deltaVsScratch,
            Double ciLow,
            Double ciHigh,
            Boolean significant,
            OmittedClassSummary omittedClass) {}

    /**
     * A group's omitted class over its seeds.
     *
     * @param omittedClass the class
     * @param classAccuracy mean test accuracy on it, as trained
     * @param classAccuracySd its sample standard deviation, or {@code null} below two seeds
     * @param adjustedClassAccuracy mean test accuracy on it with the bias tuned on the held-out
     *     slice
     * @param adjustedClassAccuracySd its sample standard deviation, or {@code null}
     * @param adjustedAccuracy mean test accuracy over all classes with the tuned bias
     * @param bias mean tuned bias
     */
    public record OmittedClassSummary(
            int omittedClass,
            double classAccuracy,
            Double classAccuracySd,
            double adjustedClassAccuracy,
            Double adjustedClassAccuracySd,
            double adjustedAccuracy,
            double bias) {}

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
