package io.kdstream.evaluator.report;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Hand-made jobs, evaluations and comparison rows for the report tests. */
public final class ReportFixtures {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private ReportFixtures() {}

    /** A hinton (or, with loss {@code none}, scratch) job of a group, submitted in order. */
    public static JobSpec job(
            String experimentId,
            String label,
            String group,
            String loss,
            double temperature,
            double alpha,
            long seed,
            int order) {
        return new JobSpec(
                experimentId + "-" + label,
                experimentId,
                "run-1",
                "tutorial-student",
                loss,
                alpha,
                temperature,
                3,
                0.05,
                0.9,
                64,
                seed,
                "pytorch-default",
                T0.plusSeconds(order),
                group,
                null);
    }

    /**
     * An evaluation of a student job's or the teacher training's epoch, made at second {@code at}.
     */
    public static ModelEvaluation evaluation(
            ModelRole role, String ownerId, int epoch, double accuracy, int at) {
        return new ModelEvaluation(
                ownerId + "-e" + epoch,
                role,
                ownerId,
                null,
                null,
                role == ModelRole.TEACHER ? "tutorial-teacher" : "tutorial-student",
                role == ModelRole.TEACHER ? "none" : "hinton",
                epoch,
                3,
                0.1,
                accuracy,
                (int) Math.round((1 - accuracy) * 10000),
                0.05,
                Collections.nCopies(10, accuracy),
                Collections.nCopies(100, 0),
                null,
                46164,
                185156,
                null,
                10000,
                T0.plusSeconds(at),
                null);
    }

    /** The teacher's row of a comparison. */
    public static ComparisonView.Row teacherRow(String modelId, double accuracy) {
        return new ComparisonView.Row(
                "teacher",
                modelId,
                ModelRole.TEACHER,
                null,
                "tutorial-teacher",
                "none",
                null,
                null,
                3,
                3,
                accuracy,
                (int) Math.round((1 - accuracy) * 10000),
                0,
                null,
                81194,
                325276,
                1.0,
                null,
                20000);
    }

    /** A student's row; alpha and temperature {@code null} for a scratch student. */
    public static ComparisonView.Row studentRow(
            String label, String jobId, String loss, Double alpha, Double temperature, double acc) {
        return new ComparisonView.Row(
                label,
                jobId + "-e3",
                ModelRole.STUDENT,
                jobId,
                "tutorial-student",
                loss,
                alpha,
                temperature,
                3,
                3,
                acc,
                (int) Math.round((1 - acc) * 10000),
                (acc - 0.99) * 100,
                null,
                46164,
                185156,
                1.76,
                0.97,
                30000);
    }

    /** T in {1, 5} x alpha in {0.1, 0.5}, T5-a0.5 missing, T1-a0.1 over two seeds. */
    public static ComparisonView sweep(String experimentId) {
        String x = experimentId + "-";
        return new ComparisonView(
                experimentId,
                "run-1",
                true,
                List.of(
                        teacherRow("teacher-e3", 0.99),
                        studentRow("T1-a0.1-s7", x + "T1-a0.1-s7", "hinton", 0.1, 1.0, 0.90),
                        studentRow("T1-a0.1-s8", x + "T1-a0.1-s8", "hinton", 0.1, 1.0, 0.92),
                        studentRow("T1-a0.5", x + "T1-a0.5", "hinton", 0.5, 1.0, 0.93),
                        // a label that says nothing: the row's own T and alpha count
                        studentRow("odd-name", x + "odd-name", "hinton", 0.1, 5.0, 0.95),
                        // another loss, fewer students: left out of the grid
                        studentRow("tut", x + "tut", "tutorial", 0.9, 20.0, 0.50),
                        studentRow("scratch", x + "scratch", "none", null, null, 0.89)),
                T0);
    }

    public static Map<String, JobSpec> jobs(String experimentId) {
        return List.of(
                        job(experimentId, "T1-a0.1-s7", "T1-a0.1", "hinton", 1, 0.1, 7, 1),
                        job(experimentId, "T1-a0.1-s8", "T1-a0.1", "hinton", 1, 0.1, 8, 2),
                        job(experimentId, "T1-a0.5", null, "hinton", 1, 0.5, 7, 3),
                        job(experimentId, "odd-name", null, "hinton", 5, 0.1, 7, 4),
                        job(experimentId, "scratch", null, "none", 1, 0.1, 7, 5))
                .stream()
                .collect(Collectors.toMap(JobSpec::jobId, Function.identity()));
    }
}
