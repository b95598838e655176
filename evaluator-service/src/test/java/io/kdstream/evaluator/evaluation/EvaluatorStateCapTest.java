package io.kdstream.evaluator.evaluation;

import static io.kdstream.evaluator.evaluation.Fixtures.job;
import static io.kdstream.evaluator.evaluation.Fixtures.student;
import static io.kdstream.evaluator.evaluation.Fixtures.teacher;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The caps on what the evaluator keeps in memory: evaluations and test-set predictions. */
class EvaluatorStateCapTest {

    @Test
    void evaluationsStayWithinTheirCapAndTheTeacherAndTheLatestStay() {
        EvaluatorState state = new EvaluatorState(10, 500);
        state.putEvaluation(teacher("teacher-e3", 0.99));
        for (int epoch = 1; epoch <= 100; epoch++) {
            state.putEvaluation(student("exp-1-hinton", epoch, 100, 0.9, 0.95));
            assertThat(state.evaluations()).hasSizeLessThanOrEqualTo(10);
        }
        assertThat(state.evaluation("teacher-e3")).isNotNull();
        assertThat(state.evaluation("exp-1-hinton-e100")).isNotNull();
        assertThat(state.evaluation("exp-1-hinton-e1")).isNull();
    }

    @Test
    void finishedExperimentsLoseTheirEvaluationsFirst() {
        EvaluatorState state = new EvaluatorState(10, 500);
        JobSpec done = job("exp-done", "hinton", "hinton", 5, 1);
        JobSpec running = job("exp-running", "hinton", "hinton", 5, 2);
        state.putJob(done);
        state.putJob(running);
        // the running experiment's evaluations are the older ones
        for (int epoch = 1; epoch <= 5; epoch++) {
            state.putEvaluation(student(running.jobId(), epoch, 5, 0.9, 0.95));
        }
        for (int epoch = 1; epoch <= 5; epoch++) {
            state.putEvaluation(student(done.jobId(), epoch, 5, 0.9, 0.95));
        }
        ComparisonView complete =
                new ComparisonView("exp-done", "run-1", true, List.of(), Fixtures.T0);
        assertThat(state.putComparison(complete)).isTrue();

        state.putEvaluation(student("exp-other-hinton", 1, 5, 0.9, null));

        // past the cap of 10, down to 9: the finished experiment's earlier epochs went first
        assertThat(state.evaluations()).hasSize(9);
        assertThat(state.evaluation(done.jobId() + "-e1")).isNull();
        assertThat(state.evaluation(done.jobId() + "-e2")).isNull();
        assertThat(state.evaluation(done.jobId() + "-e5")).isNotNull();
        IntStream.rangeClosed(1, 5)
                .forEach(e -> assertThat(state.evaluation(running.jobId() + "-e" + e)).isNotNull());
        // its comparison, complete, is not replaced by one recomputed from what is left
        assertThat(
                        state.putComparison(
                                new ComparisonView(
                                        "exp-done", "run-1", false, List.of(), Fixtures.T0)))
                .isFalse();
        assertThat(state.comparison("exp-done").complete()).isTrue();
    }

    @Test
    void predictionsStayWithinTheirCapAndTeachersAreKept() {
        EvaluatorState state = new EvaluatorState(5000, 5);
        state.putPredictions("teacher-a", ModelRole.TEACHER, new byte[10_000]);
        state.putPredictions("teacher-b", ModelRole.TEACHER, new byte[10_000]);
        for (int i = 0; i < 50; i++) {
            state.putPredictions("student-" + i, ModelRole.STUDENT, new byte[10_000]);
            long kept =
                    IntStream.range(0, i + 1)
                            .filter(s -> state.predictions("student-" + s) != null)
                            .count();
            assertThat(kept + 2).isLessThanOrEqualTo(5);
        }
        assertThat(state.predictions("teacher-a")).isNotNull();
        assertThat(state.predictions("teacher-b")).isNotNull();
        assertThat(state.predictions("student-49")).isNotNull();
    }

    @Test
    void teachersPredictionsGoOnlyWhenNoStudentsAreLeft() {
        EvaluatorState state = new EvaluatorState(5000, 3);
        for (int i = 0; i < 10; i++) {
            state.putPredictions("teacher-" + i, ModelRole.TEACHER, new byte[10]);
        }
        long kept =
                IntStream.range(0, 10)
                        .filter(t -> state.predictions("teacher-" + t) != null)
                        .count();
        assertThat(kept).isLessThanOrEqualTo(3);
        assertThat(state.predictions("teacher-9")).isNotNull();
    }
}
