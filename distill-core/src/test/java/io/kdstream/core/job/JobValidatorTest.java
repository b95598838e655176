package io.kdstream.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.TrainingSpec;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid field of a job is named in its rejection, with the allowed values.
 *
 * <p>Validation is a pure function of the job record. The teacher run's existence needs Kafka and
 * is tested in the student-service ITs; the evaluator's use in its {@code ExperimentValidatorTest}.
 */
class JobValidatorTest {

    static JobSpec valid() {
        return new JobSpec(
                "job-1",
                "exp-1",
                "run-1",
                "tutorial-student",
                "hinton",
                0.1,
                10,
                3,
                0.05,
                0.9,
                64,
                7,
                "pytorch-default",
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                null);
    }

    static JobSpec with(UnaryOperator<Object[]> change) {
        JobSpec j = valid();
        Object[] f = {
            j.jobId(), j.experimentId(), j.teacherRunId(), j.architecture(), j.lossMode(),
            j.alpha(), j.temperature(), j.epochs(), j.learningRate(), j.momentum(),
            j.batchSize(), j.seed(), j.weightInit(), j.transferSet()
        };
        f = change.apply(f);
        return new JobSpec(
                (String) f[0],
                (String) f[1],
                (String) f[2],
                (String) f[3],
                (String) f[4],
                (double) f[5],
                (double) f[6],
                (int) f[7],
                (double) f[8],
                (double) f[9],
                (int) f[10],
                (long) f[11],
                (String) f[12],
                j.submittedAt(),
                j.group(),
                (TransferSet) f[13]);
    }

    private static Arguments invalid(int field, Object value, String expected) {
        return Arguments.of(field, value, expected);
    }

    static List<Arguments> invalidFields() {
        return List.of(
                invalid(0, " ", "jobId must not be blank"),
                invalid(2, "", "teacherRunId must not be blank"),
                invalid(
                        3,
                        "resnet-50",
                        "architecture 'resnet-50' is unknown; known: [tutorial-student,"
                                + " tutorial-teacher]"),
                invalid(4, "kl", "lossMode 'kl' is unknown; valid: hinton, tutorial, none"),
                invalid(5, -0.1, "alpha must be in [0, 1], got -0.1"),
                invalid(5, 1.5, "alpha must be in [0, 1], got 1.5"),
                invalid(5, Double.NaN, "alpha must be in [0, 1], got NaN"),
                invalid(6, 0.0, "temperature must be finite and > 0, got 0.0"),
                invalid(6, -2.0, "temperature must be finite and > 0, got -2.0"),
                invalid(6, Double.POSITIVE_INFINITY, "temperature must be finite and > 0"),
                invalid(7, 0, "epochs must be > 0 and at most 1000, got 0"),
                invalid(7, -3, "epochs must be > 0 and at most 1000, got -3"),
                invalid(7, 1001, "epochs must be > 0 and at most 1000, got 1001"),
                invalid(8, 0.0, "learningRate must be finite and > 0, got 0.0"),
                invalid(8, -0.01, "learningRate must be finite and > 0, got -0.01"),
                invalid(9, 1.0, "momentum must be in [0, 1) as a 32-bit float, got 1.0"),
                invalid(9, -0.5, "momentum must be in [0, 1) as a 32-bit float, got -0.5"),
                invalid(10, 0, "batchSize must be > 0 and at most 8192, got 0"),
                invalid(10, 10_000, "batchSize must be > 0 and at most 8192, got 10000"),
                // the trainer casts to float: these are fine as doubles and not as floats
                invalid(6, 1e39, "temperature must be finite and > 0 as a 32-bit float"),
                invalid(8, 1e-50, "learningRate must be finite and > 0 as a 32-bit float"),
                invalid(9, 0.99999999, "momentum must be in [0, 1) as a 32-bit float"),
                invalid(10, 60_000, "batchSize must be > 0 and at most 8192, got 60000"),
                invalid(12, "xavier", "weightInit 'xavier' is unknown"),
                invalid(13, new TransferSet(0, null), "labelFraction must be in (0, 1], got 0.0"),
                invalid(13, new TransferSet(1.5, null), "labelFraction must be in (0, 1], got 1.5"),
                invalid(
                        13,
                        new TransferSet(Double.NaN, null),
                        "labelFraction must be in (0, 1], got NaN"),
                invalid(
                        13,
                        new TransferSet(1.0, 10),
                        "omittedClass must be a class of tutorial-student, in [0, 9], got 10"),
                invalid(
                        13,
                        new TransferSet(1.0, -1),
                        "omittedClass must be a class of tutorial-student, in [0, 9], got -1"));
    }

    @ParameterizedTest(name = "field {0} = {1}")
    @MethodSource("invalidFields")
    void namesTheInvalidFieldAndItsRange(int field, Object value, String expected) {
        JobSpec job =
                with(
                        f -> {
                            f[field] = value;
                            return f;
                        });
        assertThat(JobValidator.violations(job)).singleElement().asString().contains(expected);
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        JobSpec job =
                with(
                        f -> {
                            f[3] = "lenet";
                            f[5] = 2.0;
                            f[6] = 0.0;
                            f[7] = 0;
                            f[10] = -1;
                            return f;
                        });
        assertThat(JobValidator.violations(job))
                .hasSize(5)
                .extracting(JobValidator.Violation::field)
                .containsExactly("architecture", "alpha", "temperature", "epochs", "batchSize");
    }

    @Test
    void validJobsBecomeTrainingSpecs() {
        assertThat(JobValidator.violations(valid())).isEmpty();
        // the schema's default weight init and the loss modes' spellings are accepted
        JobSpec scratch =
                with(
                        f -> {
                            f[4] = "NONE";
                            f[5] = 1.0;
                            f[9] = 0.0;
                            f[12] = "pytorch";
                            return f;
                        });
        assertThat(JobValidator.violations(scratch)).isEmpty();
        TrainingSpec spec = JobValidator.trainingSpec(scratch, Device.cpu());
        assertThat(spec.lossMode()).isEqualTo(Mode.NONE);
        assertThat(spec.weightInit()).isEqualTo(WeightInit.PYTORCH_DEFAULT);
        assertThat(spec.batchSize()).isEqualTo(64);
        assertThat(spec.learningRate()).isEqualTo(0.05f);
        assertThat(spec.seed()).isEqualTo(7L);
        assertThat(JobValidator.weightInit("djl")).isEqualTo(WeightInit.DJL_DEFAULT);
    }
}
