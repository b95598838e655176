package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.ComparisonView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Comparisons computed while the start-up replay is not caught up are kept, not published; they go
 * out once it is. Plain JUnit: the gate is a matter of the service and its state alone.
 */
class ComparisonReplayTest {

    private final EvaluatorState state = new EvaluatorState();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final ComparisonService service =
            new ComparisonService(state, publisher, new DashboardEvents());

    @Test
    void aHalfRebuiltStateIsNotPublishedUntilTheReplayCatchesUp() {
        // the incoming topics had records up to offset 4 of models-0 and 1 of teacher-runs-0
        service.expectReplay("kd.models", Map.of(0, 0L, 1, 3L), Map.of(0, 5L, 1, 3L));
        service.expectReplay("kd.teacher-runs", Map.of(0, 0L), Map.of(0, 2L));
        assertThat(service.replayCaughtUp()).isFalse();

        // the replay rebuilds an experiment: its jobs, its run, its teacher
        state.putJob(Fixtures.job("exp-1", "hinton", "hinton", 3, 0));
        state.putJob(Fixtures.job("exp-1", "scratch", "none", 3, 1));
        state.putRun(Fixtures.run("run-1", "teacher-e3", RunStatus.COMPLETE));
        service.refresh(List.of("exp-1"));
        state.putEvaluation(Fixtures.teacher("teacher-e3", 0.98));
        service.refresh(List.of("exp-1"));
        service.onReplayed("kd.models", 0, 3);
        service.onReplayed("kd.teacher-runs", 0, 1);

        // nothing went out, though the comparison is known
        assertThat(publisher.comparisons).isEmpty();
        assertThat(state.comparison("exp-1")).isNotNull();

        // the last record the replay waited for: the comparison as the full state has it
        service.onReplayed("kd.models", 0, 4);
        assertThat(service.replayCaughtUp()).isTrue();
        assertThat(publisher.comparisons)
                .singleElement()
                .extracting(ComparisonView::experimentId, c -> c.rows().size())
                .containsExactly("exp-1", 1);

        // from now on each change goes out at once
        state.putEvaluation(Fixtures.student("exp-1-hinton", 3, 3, 0.95, 0.97));
        service.refresh(List.of("exp-1"));
        assertThat(publisher.comparisons).hasSize(2);
        assertThat(publisher.comparisons.get(1).rows()).hasSize(2);
    }

    @Test
    void withoutExpectationsComparisonsArePublishedAtOnce() {
        state.putJob(Fixtures.job("exp-2", "hinton", "hinton", 3, 0));
        state.putRun(Fixtures.run("run-1", "teacher-e3", RunStatus.COMPLETE));
        state.putEvaluation(Fixtures.teacher("teacher-e3", 0.98));
        service.refresh(List.of("exp-2"));
        assertThat(publisher.comparisons).hasSize(1);
    }
}
