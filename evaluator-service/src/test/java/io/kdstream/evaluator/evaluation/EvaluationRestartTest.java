package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.Checkpoint;
import io.kdstream.evaluator.domain.Measurement;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.domain.TestScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A restarted evaluator reads its own evaluations back first; a checkpoint it meets again is
 * measured only when its predictions are needed, and its evaluation is not published again. Plain
 * JUnit with a stand-in for DJL: what is checked is what gets published, not the inference.
 */
class EvaluationRestartTest {

    private static final byte[] TEACHER_PREDICTIONS = {0, 1, 2, 3};
    private static final byte[] STUDENT_PREDICTIONS = {0, 1, 2, 0};

    private final RecordingPublisher publisher = new RecordingPublisher();

    /** What the models channel would publish: every evaluation {@code evaluate} returns. */
    private final List<ModelEvaluation> published = new ArrayList<>();

    private final List<String> measured = new ArrayList<>();
    private EvaluatorState state = new EvaluatorState();
    private EvaluationService service = service();

    private EvaluationService service() {
        DashboardEvents events = new DashboardEvents();
        CheckpointEvaluator evaluator =
                new CheckpointEvaluator(null) {
                    @Override
                    public Measurement measure(
                            String architecture, byte[] parameters, Integer omittedClass) {
                        measured.add(architecture);
                        byte[] predictions =
                                architecture.equals("tutorial-teacher")
                                        ? TEACHER_PREDICTIONS
                                        : STUDENT_PREDICTIONS;
                        TestScore score =
                                new TestScore(
                                        4,
                                        3,
                                        0.1,
                                        new double[10],
                                        new int[100],
                                        predictions.clone());
                        return new Measurement(score, 1000, parameters.length, 5000, 0.01, null);
                    }

                    @Override
                    public long parameterCount(String architecture) {
                        return architecture.equals("tutorial-teacher") ? 4000 : 1000;
                    }
                };
        return new EvaluationService(
                state,
                evaluator,
                new ComparisonService(state, publisher, events),
                publisher,
                events);
    }

    private static Checkpoint checkpoint(String modelId, ModelRole role, String architecture) {
        return new Checkpoint(
                modelId,
                role,
                architecture,
                role == ModelRole.TEACHER ? "teacher-training" : "exp-1-hinton",
                role == ModelRole.TEACHER ? null : "exp-1",
                role == ModelRole.TEACHER ? null : "run-1",
                role == ModelRole.TEACHER ? "none" : "hinton",
                3,
                3,
                0.2,
                new byte[16]);
    }

    @Test
    void aTeacherIsMeasuredAgainButItsEvaluationIsPublishedOnce() {
        Checkpoint teacher = checkpoint("teacher-e3", ModelRole.TEACHER, "tutorial-teacher");
        // first life: measured and published
        ModelEvaluation first = evaluate(teacher).orElseThrow();

        // a restart: the evaluation read back from the topic, the checkpoint read again
        EvaluatorState restarted = new EvaluatorState();
        restarted.putLoggedEvaluation(first.withTeacherRunId(null));
        restartWith(restarted);
        assertThat(evaluate(teacher)).isEmpty();

        // measured twice (its predictions are needed), published once; the logged one is kept
        assertThat(measured).containsExactly("tutorial-teacher", "tutorial-teacher");
        assertThat(published).containsExactly(first);
        assertThat(state.evaluation("teacher-e3")).isEqualTo(first.withTeacherRunId(null));
        assertThat(state.predictions("teacher-e3")).isEqualTo(TEACHER_PREDICTIONS);
    }

    @Test
    void aStudentIsPublishedAgainOnlyWhenItsFiguresChanged() {
        Checkpoint student = checkpoint("exp-1-hinton-e3", ModelRole.STUDENT, "tutorial-student");
        state.putJob(Fixtures.job("exp-1", "hinton", "hinton", 3, 0));
        // a first life that never saw the run: no agreement, no compression
        ModelEvaluation bare = evaluate(student).orElseThrow();
        assertThat(bare.hasTeacherFigures()).isFalse();

        // the restart reads it back; the checkpoint comes again, still without a teacher: the same
        // evaluation in substance, so nothing is published
        EvaluatorState restarted = new EvaluatorState();
        restarted.putJob(Fixtures.job("exp-1", "hinton", "hinton", 3, 0));
        restarted.putLoggedEvaluation(bare.withTeacherRunId(null));
        restartWith(restarted);
        assertThat(evaluate(student)).isEmpty();
        assertThat(published).containsExactly(bare);

        // with the teacher known, the figures are new: published
        state.putRun(Fixtures.run("run-1", "teacher-e3", RunStatus.COMPLETE));
        state.putPredictions("teacher-e3", ModelRole.TEACHER, TEACHER_PREDICTIONS);
        ModelEvaluation complete = evaluate(student).orElseThrow();
        assertThat(complete.teacherAgreement()).isEqualTo(0.75);
        assertThat(complete.compressionRatio()).isEqualTo(4.0);
    }

    @Test
    void aCompletedEvaluationReadBackWinsOverTheBareOneOfTheSameTime() {
        ModelEvaluation bare = Fixtures.student("exp-1-hinton", 3, 3, 0.9, null);
        ModelEvaluation complete = bare.withTeacherFigures(0.8, 2.0);
        assertThat(state.putLoggedEvaluation(bare)).isTrue();
        assertThat(state.putLoggedEvaluation(complete)).isTrue();
        assertThat(state.putLoggedEvaluation(bare)).isFalse();
        assertThat(state.evaluation(bare.modelId())).isEqualTo(complete);
    }

    private Optional<ModelEvaluation> evaluate(Checkpoint c) {
        Optional<ModelEvaluation> e = service.evaluate(c);
        e.ifPresent(published::add);
        return e;
    }

    /** A new process: new state and services; the same topics (publisher) and measurements. */
    private void restartWith(EvaluatorState restarted) {
        state = restarted;
        service = service();
    }
}
