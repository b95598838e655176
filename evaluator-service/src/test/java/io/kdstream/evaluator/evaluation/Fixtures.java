package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.domain.ModelEvaluation;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/** Hand-made domain values for the plain tests. */
final class Fixtures {

    /** Bean Validation as the evaluator runs it, without Jakarta EL. */
    static final jakarta.validation.Validator VALIDATOR =
            jakarta.validation.Validation.byDefaultProvider()
                    .configure()
                    .messageInterpolator(
                            new org.hibernate.validator.messageinterpolation
                                    .ParameterMessageInterpolator())
                    .buildValidatorFactory()
                    .getValidator();

    /** {@code kd.evaluator.standard-experiment} as configured: seed 11, 3 repeats. */
    static final EvaluatorConfig.StandardExperiment CONFIGURED =
            new EvaluatorConfig.StandardExperiment() {
                public String architecture() {
                    return "tutorial-student";
                }

                public double alpha() {
                    return 0.1;
                }

                public double temperature() {
                    return 10;
                }

                public int epochs() {
                    return 3;
                }

                public double learningRate() {
                    return 0.005;
                }

                public double momentum() {
                    return 0.9;
                }

                public int batchSize() {
                    return 64;
                }

                public long seed() {
                    return 11;
                }

                public int repeats() {
                    return 3;
                }
            };

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static RunManifest run(String runId, String teacherModelId, RunStatus status) {
        return new RunManifest(
                runId,
                "tutorial-teacher",
                teacherModelId,
                "fingerprint",
                60000,
                128,
                469,
                status,
                "kd.teacher-logits",
                List.of(),
                null,
                null,
                T0,
                null);
    }

    static JobSpec job(String experimentId, String label, String loss, int epochs, int order) {
        return new JobSpec(
                experimentId + "-" + label,
                experimentId,
                "run-1",
                "tutorial-student",
                loss,
                0.1,
                10,
                epochs,
                0.05,
                0.9,
                64,
                7,
                "pytorch-default",
                T0.plusSeconds(order),
                null,
                null);
    }

    static ModelEvaluation teacher(String modelId, double accuracy) {
        return evaluation(
                modelId, ModelRole.TEACHER, "teacher-training", "none", 3, 3, accuracy, 81194, 1.0);
    }

    static ModelEvaluation student(
            String jobId, int epoch, int epochs, double accuracy, Double agreement) {
        return evaluation(
                jobId + "-e" + epoch,
                ModelRole.STUDENT,
                jobId,
                "hinton",
                epoch,
                epochs,
                accuracy,
                46164,
                agreement);
    }

    static ModelEvaluation evaluation(
            String modelId,
            ModelRole role,
            String owner,
            String loss,
            int epoch,
            int epochs,
            double accuracy,
            long params,
            Double agreement) {
        int errors = (int) Math.round((1 - accuracy) * 10000);
        return new ModelEvaluation(
                modelId,
                role,
                owner,
                null,
                null,
                role == ModelRole.TEACHER ? "tutorial-teacher" : "tutorial-student",
                loss,
                epoch,
                epochs,
                0.1,
                accuracy,
                errors,
                0.05,
                Collections.nCopies(10, accuracy),
                Collections.nCopies(100, 0),
                agreement,
                params,
                params * 4 + 500,
                81194.0 / params,
                10000,
                T0.plusSeconds(epoch),
                null);
    }

    static JobProgress progress(String jobId, WorkState state) {
        return new JobProgress(
                jobId,
                WorkKind.STUDENT_JOB,
                state,
                "worker-1",
                null,
                1,
                3,
                10,
                100,
                0.5,
                1000.0,
                60.0,
                state == WorkState.REJECTED ? "alpha out of range" : null,
                T0,
                1);
    }

    static StudentRequest student(String loss) {
        return student(loss, null, null);
    }

    /** A quick student with an optional label and seed count. */
    static StudentRequest student(String loss, String label, Integer repeats) {
        return new StudentRequest(
                "tutorial-student",
                loss,
                0.1,
                10.0,
                3,
                0.05,
                0.9,
                64,
                7L,
                label,
                null,
                repeats,
                null,
                null);
    }

    static List<StudentRequest> standardStudents() {
        return List.of(student("hinton"), student("none"));
    }
}
