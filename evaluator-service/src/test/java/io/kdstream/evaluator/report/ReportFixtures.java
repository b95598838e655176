package io.kdstream.evaluator.report;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import java.time.Instant;
import java.util.Collections;

/** Hand-made jobs, evaluations and comparison rows for the report tests. */
final class ReportFixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private ReportFixtures() {}

    /** A hinton (or, with loss {@code none}, scratch) job of a group, submitted in order. */
    static JobSpec job(
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
    static ModelEvaluation evaluation(
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
    static ComparisonView.Row teacherRow(String modelId, double accuracy) {
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
    static ComparisonView.Row studentRow(
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
}
