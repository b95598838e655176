package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.Violation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Checks experiment validation: every invalid field is named with its reason.
 *
 * <p>Plain JUnit, not a {@code @QuarkusTest}: Hibernate Validator bootstrapped by hand, with the
 * interpolator that needs no expression language (Quarkus configures its own).
 */
class ExperimentValidatorTest {

    private static final Validator VALIDATOR = Fixtures.VALIDATOR;

    private static final Map<String, RunManifest> RUNS =
            Map.of(
                    "run-1", Fixtures.run("run-1", "teacher-e3", RunStatus.COMPLETE),
                    "run-2", Fixtures.run("run-2", "teacher-e3", RunStatus.STREAMING));
    private static final Function<String, RunManifest> LOOKUP = RUNS::get;

    @Test
    void acceptsTheStandardExperiment() {
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR,
                                new ExperimentRequest("run-1", Fixtures.standardStudents()),
                                LOOKUP))
                .isEmpty();
    }

    @Test
    void namesEveryInvalidField() {
        StudentRequest bad =
                new StudentRequest(
                        "resnet-9000",
                        "kl",
                        1.5,
                        0.0,
                        0,
                        -0.1,
                        1.0,
                        0,
                        1L,
                        "bad label!",
                        "xavier",
                        null,
                        null,
                        null);
        List<Violation> v =
                ExperimentValidator.validate(
                        VALIDATOR,
                        new ExperimentRequest("run-1", List.of(Fixtures.student("hinton"), bad)),
                        LOOKUP);

        assertThat(v)
                .extracting(Violation::field)
                .containsExactly(
                        "students[1].architecture",
                        "students[1].lossMode",
                        "students[1].alpha",
                        "students[1].temperature",
                        "students[1].epochs",
                        "students[1].learningRate",
                        "students[1].momentum",
                        "students[1].batchSize",
                        "students[1].weightInit",
                        "students[1].label");
        assertThat(v.get(0).message()).contains("resnet-9000", "tutorial-student");
        assertThat(v.get(1).message()).contains("hinton, tutorial, none");
        assertThat(v.get(2).message()).contains("[0, 1]", "1.5");
    }

    @Test
    void namesMissingFields() {
        StudentRequest empty =
                new StudentRequest(
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null);
        List<Violation> v =
                ExperimentValidator.validate(
                        VALIDATOR, new ExperimentRequest(null, List.of(empty)), LOOKUP);

        assertThat(v)
                .extracting(Violation::field)
                .containsExactly(
                        "teacherRunId",
                        "students[0].architecture",
                        "students[0].lossMode",
                        "students[0].alpha",
                        "students[0].temperature",
                        "students[0].epochs",
                        "students[0].learningRate",
                        "students[0].momentum",
                        "students[0].batchSize",
                        "students[0].seed");
        assertThat(v).extracting(Violation::message).allMatch(m -> m.startsWith("is required"));
    }

    @Test
    void infiniteNumbersAreRejected() {
        // Jackson reads 1e400 as infinity, which @Positive alone accepts
        StudentRequest huge =
                new StudentRequest(
                        "tutorial-student",
                        "hinton",
                        0.1,
                        Double.POSITIVE_INFINITY,
                        1,
                        Double.POSITIVE_INFINITY,
                        0.9,
                        64,
                        7L,
                        null,
                        null,
                        null,
                        null,
                        null);
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR, new ExperimentRequest("run-1", List.of(huge)), LOOKUP))
                .extracting(Violation::field, Violation::message)
                .containsExactly(
                        tuple("students[0].temperature", "must be finite and > 0, got Infinity"),
                        tuple("students[0].learningRate", "must be finite and > 0, got Infinity"));
    }

    @Test
    void rejectsWhatAWorkerWouldReject() {
        // accepted before the job rules moved to distill-core, then REJECTED by the worker
        StudentRequest huge =
                new StudentRequest(
                        "tutorial-student",
                        "hinton",
                        0.1,
                        1e39,
                        1_000_000_000,
                        1e-50,
                        0.9,
                        60_000,
                        7L,
                        null,
                        null,
                        null,
                        null,
                        null);
        List<Violation> v =
                ExperimentValidator.validate(
                        VALIDATOR, new ExperimentRequest("run-1", List.of(huge)), LOOKUP);
        assertThat(v)
                .extracting(Violation::field)
                .containsExactly(
                        "students[0].temperature",
                        "students[0].epochs",
                        "students[0].learningRate",
                        "students[0].batchSize");
        assertThat(v.get(0).message()).contains("32-bit float", "1.0E39");
        assertThat(v.get(1).message()).isEqualTo("must be > 0 and at most 1000, got 1000000000");
        assertThat(v.get(3).message()).isEqualTo("must be > 0 and at most 8192, got 60000");
    }

    @Test
    void aNullStudentIsNamedByItsPosition() {
        List<StudentRequest> students = new java.util.ArrayList<>(Fixtures.standardStudents());
        students.add(null);
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR, new ExperimentRequest("run-1", students), LOOKUP))
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("students[2]", "is null"));
    }

    @Test
    void rejectsUnknownAndUnfinishedTeacherRuns() {
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR,
                                new ExperimentRequest("run-9", Fixtures.standardStudents()),
                                LOOKUP))
                .extracting(Violation::field, Violation::message)
                .containsExactly(
                        tuple(
                                "teacherRunId",
                                "unknown teacher run 'run-9': not seen on the teacher-runs topic"));
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR,
                                new ExperimentRequest("run-2", Fixtures.standardStudents()),
                                LOOKUP))
                .extracting(Violation::message)
                .singleElement()
                .asString()
                .contains("STREAMING");
    }

    @Test
    void rejectsNoStudentsAndNoBody() {
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR, new ExperimentRequest("run-1", List.of()), LOOKUP))
                .extracting(Violation::field)
                .containsExactly("students");
        assertThat(ExperimentValidator.validate(VALIDATOR, null, LOOKUP))
                .extracting(Violation::field)
                .containsExactly("body");
    }

    @Test
    void boundsAreInclusiveWhereTheyShouldBe() {
        StudentRequest edge =
                new StudentRequest(
                        "tutorial-student",
                        "tutorial",
                        0.0,
                        1e-3,
                        1,
                        1e-6,
                        0.0,
                        1,
                        0L,
                        null,
                        null,
                        null,
                        null,
                        null);
        StudentRequest edge2 =
                new StudentRequest(
                        "tutorial-student",
                        "HINTON",
                        1.0,
                        100.0,
                        1,
                        1.0,
                        0.999,
                        1,
                        0L,
                        null,
                        "djl-default",
                        null,
                        null,
                        null);
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR,
                                new ExperimentRequest("run-1", List.of(edge, edge2)),
                                LOOKUP))
                .isEmpty();
    }

    @Test
    void duplicateLabelsAreRejected() {
        StudentRequest a =
                new StudentRequest(
                        "tutorial-student",
                        "hinton",
                        0.1,
                        10.0,
                        1,
                        0.05,
                        0.9,
                        64,
                        7L,
                        "Same",
                        null,
                        null,
                        null,
                        null);
        StudentRequest b =
                new StudentRequest(
                        "tutorial-student",
                        "none",
                        0.1,
                        10.0,
                        1,
                        0.05,
                        0.9,
                        64,
                        7L,
                        "same",
                        null,
                        null,
                        null,
                        null);
        assertThat(
                        ExperimentValidator.validate(
                                VALIDATOR, new ExperimentRequest("run-1", List.of(a, b)), LOOKUP))
                .extracting(Violation::field)
                .containsExactly("students[1].label");
    }

    @Test
    void derivesDistinctLabels() {
        assertThat(ExperimentValidator.labels(Fixtures.standardStudents()))
                .containsExactly("hinton", "scratch");
        StudentRequest named =
                new StudentRequest(
                        "tutorial-student",
                        "hinton",
                        0.5,
                        4.0,
                        1,
                        0.05,
                        0.9,
                        64,
                        7L,
                        "hinton",
                        null,
                        null,
                        null,
                        null);
        assertThat(
                        ExperimentValidator.labels(
                                List.of(
                                        Fixtures.student("hinton"),
                                        Fixtures.student("hinton"),
                                        Fixtures.student("none"),
                                        named)))
                .containsExactly("hinton-1", "hinton-2", "scratch", "hinton");
    }
}
