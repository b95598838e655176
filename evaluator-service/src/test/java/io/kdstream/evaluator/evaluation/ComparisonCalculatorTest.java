package io.kdstream.evaluator.evaluation;

import static io.kdstream.evaluator.evaluation.Fixtures.job;
import static io.kdstream.evaluator.evaluation.Fixtures.progress;
import static io.kdstream.evaluator.evaluation.Fixtures.student;
import static io.kdstream.evaluator.evaluation.Fixtures.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.WorkState;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the comparison maths: deltas in percentage points, compression, and when an experiment is
 * complete.
 *
 * <p>Plain JUnit, not a {@code @QuarkusTest}: the calculator is plain Java over domain records.
 */
class ComparisonCalculatorTest {

    private static final JobSpec HINTON = job("exp-1", "hinton", "hinton", 3, 1);
    private static final JobSpec SCRATCH = job("exp-1", "scratch", "none", 3, 2);
    private static final List<JobSpec> JOBS = List.of(HINTON, SCRATCH);

    @Test
    void noComparisonWithoutTheTeacher() {
        assertThat(
                        ComparisonCalculator.compute(
                                "exp-1", "run-1", JOBS, null, Map.of(), Map.of(), Fixtures.T0))
                .isEmpty();
    }

    @Test
    void deltasAreInPercentagePointsAgainstTeacherAndScratch() {
        ModelEvaluation t = teacher("teacher-e3", 0.99);
        Map<String, ModelEvaluation> latest =
                Map.of(
                        HINTON.jobId(), student(HINTON.jobId(), 3, 3, 0.985, 0.995),
                        SCRATCH.jobId(), student(SCRATCH.jobId(), 3, 3, 0.98, 0.99));

        ComparisonView c =
                ComparisonCalculator.compute(
                                "exp-1", "run-1", JOBS, t, latest, Map.of(), Fixtures.T0)
                        .orElseThrow();

        assertThat(c.rows())
                .extracting(ComparisonView.Row::label, ComparisonView.Row::errors)
                .containsExactly(
                        tuple("teacher", 100), tuple("hinton", 150), tuple("scratch", 200));
        assertThat(c.rows().get(0).deltaVsTeacher()).isEqualTo(0.0);
        assertThat(c.rows().get(0).deltaVsScratch()).isCloseTo(1.0, within(1e-9));
        assertThat(c.rows().get(1).deltaVsTeacher()).isCloseTo(-0.5, within(1e-9));
        assertThat(c.rows().get(1).deltaVsScratch()).isCloseTo(0.5, within(1e-9));
        assertThat(c.rows().get(2).deltaVsTeacher()).isCloseTo(-1.0, within(1e-9));
        assertThat(c.rows().get(2).deltaVsScratch()).isCloseTo(0.0, within(1e-9));
        // compression is teacher params / model params; agreement from the evaluation
        assertThat(c.rows().get(0).compressionRatio()).isEqualTo(1.0);
        assertThat(c.rows().get(1).compressionRatio()).isCloseTo(81194.0 / 46164, within(1e-9));
        assertThat(c.rows().get(1).teacherAgreement()).isEqualTo(0.995);
        // alpha and T only where the student distils
        assertThat(c.rows().get(1).alpha()).isEqualTo(0.1);
        assertThat(c.rows().get(2).alpha()).isNull();
        assertThat(c.complete()).isTrue();
    }

    @Test
    void withoutAnEvaluatedScratchStudentThereIsNoScratchDelta() {
        ModelEvaluation t = teacher("teacher-e3", 0.99);
        Map<String, ModelEvaluation> latest =
                Map.of(HINTON.jobId(), student(HINTON.jobId(), 1, 3, 0.97, null));

        ComparisonView c =
                ComparisonCalculator.compute(
                                "exp-1", "run-1", JOBS, t, latest, Map.of(), Fixtures.T0)
                        .orElseThrow();

        assertThat(c.rows())
                .extracting(ComparisonView.Row::label)
                .containsExactly("teacher", "hinton");
        assertThat(c.rows()).extracting(ComparisonView.Row::deltaVsScratch).containsOnlyNulls();
        assertThat(c.complete()).isFalse();
    }

    @Test
    void incompleteUntilEveryJobHasItsFinalEpoch() {
        ModelEvaluation t = teacher("teacher-e3", 0.99);
        Map<String, ModelEvaluation> latest =
                Map.of(
                        HINTON.jobId(), student(HINTON.jobId(), 3, 3, 0.985, 0.995),
                        SCRATCH.jobId(), student(SCRATCH.jobId(), 2, 3, 0.97, 0.98));

        ComparisonView c =
                ComparisonCalculator.compute(
                                "exp-1", "run-1", JOBS, t, latest, Map.of(), Fixtures.T0)
                        .orElseThrow();

        assertThat(c.complete()).isFalse();
        assertThat(c.rows().get(2).epoch()).isEqualTo(2);
    }

    @Test
    void aRejectedOrFailedJobCountsAsDone() {
        ModelEvaluation t = teacher("teacher-e3", 0.99);
        Map<String, ModelEvaluation> latest =
                Map.of(HINTON.jobId(), student(HINTON.jobId(), 3, 3, 0.985, 0.995));

        assertThat(
                        ComparisonCalculator.compute(
                                        "exp-1",
                                        "run-1",
                                        JOBS,
                                        t,
                                        latest,
                                        Map.of(
                                                SCRATCH.jobId(),
                                                progress(SCRATCH.jobId(), WorkState.REJECTED)),
                                        Fixtures.T0)
                                .orElseThrow()
                                .complete())
                .isTrue();
        assertThat(
                        ComparisonCalculator.compute(
                                        "exp-1",
                                        "run-1",
                                        JOBS,
                                        t,
                                        latest,
                                        Map.of(
                                                SCRATCH.jobId(),
                                                progress(SCRATCH.jobId(), WorkState.FAILED)),
                                        Fixtures.T0)
                                .orElseThrow()
                                .complete())
                .isTrue();
        assertThat(
                        ComparisonCalculator.compute(
                                        "exp-1",
                                        "run-1",
                                        JOBS,
                                        t,
                                        latest,
                                        Map.of(
                                                SCRATCH.jobId(),
                                                progress(SCRATCH.jobId(), WorkState.RUNNING)),
                                        Fixtures.T0)
                                .orElseThrow()
                                .complete())
                .isFalse();
    }

    @Test
    void theStateKeepsTheLatestEpochOfEachJob() {
        EvaluatorState state = new EvaluatorState();
        state.putEvaluation(student(HINTON.jobId(), 1, 3, 0.95, 0.96));
        state.putEvaluation(student(HINTON.jobId(), 3, 3, 0.985, 0.995));
        state.putEvaluation(student(HINTON.jobId(), 2, 3, 0.97, 0.98));

        assertThat(state.latestEvaluations(List.of(HINTON.jobId())).get(HINTON.jobId()).epoch())
                .isEqualTo(3);
    }

    @Test
    void tableIsAlignedAndHasEveryColumn() {
        ModelEvaluation t = teacher("teacher-e3", 0.99);
        Map<String, ModelEvaluation> latest =
                Map.of(
                        HINTON.jobId(), student(HINTON.jobId(), 3, 3, 0.985, 0.995),
                        SCRATCH.jobId(), student(SCRATCH.jobId(), 3, 3, 0.98, 0.99));
        ComparisonView c =
                ComparisonCalculator.compute(
                                "exp-1", "run-1", JOBS, t, latest, Map.of(), Fixtures.T0)
                        .orElseThrow();

        String table = ComparisonTable.render(c);

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("Experiment exp-1 (teacher run run-1): complete");
        assertThat(lines.get(1))
                .startsWith("model")
                .contains(
                        "accuracy",
                        "vs teacher",
                        "vs scratch",
                        "params",
                        "compression",
                        "agreement");
        assertThat(lines.get(2))
                .startsWith("teacher")
                .contains("99.00%", "81,194", "1.00x", "100.00%");
        assertThat(lines.get(3))
                .startsWith("hinton")
                .contains("0.10", "10.0", "98.50%", "-0.50 pp", "+0.50 pp", "1.76x");
        assertThat(lines.get(4)).startsWith("scratch").contains("98.00%", "-1.00 pp", "+0.00 pp");
        // numbers are right-aligned: every "accuracy" cell ends in the same column
        int end = lines.get(1).indexOf("accuracy") + "accuracy".length();
        assertThat(lines.get(2).substring(0, end)).endsWith("99.00%");
        assertThat(lines.get(3).substring(0, end)).endsWith("98.50%");
    }
}
