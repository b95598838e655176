package io.kdstream.teacher.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.teacher.domain.RunInfo;
import io.kdstream.teacher.domain.RunRequestRejected;
import io.kdstream.teacher.domain.RunState;
import org.junit.jupiter.api.Test;

/** The bounds on the teacher's runs, without Quarkus: a map and two numbers. */
class RunBookTest {

    @Test
    void aFullQueueRefusesRequestsNamingTheSetting() {
        RunBook book = new RunBook(2, 100);
        book.enqueue(RunInfo.queued("run-1", "m", 0));
        book.enqueue(RunInfo.queued("run-2", "m", 0));

        assertThatThrownBy(() -> book.enqueue(RunInfo.queued("run-3", "m", 0)))
                .isInstanceOf(RunRequestRejected.class)
                .hasMessageContaining("kd.teacher.max-queued-runs=2")
                .extracting(e -> ((RunRequestRejected) e).reason())
                .isEqualTo(RunRequestRejected.Reason.TOO_MANY);
        assertThat(book.all()).extracting(RunInfo::runId).containsExactly("run-1", "run-2");

        // once a queued run has started, there is room again
        book.update("run-1", r -> r.streaming("m", 10, 1));
        book.enqueue(RunInfo.queued("run-3", "m", 0));
        assertThat(book.queued()).isEqualTo(2);
    }

    @Test
    void onlyTheNewestFinishedRunsStay() {
        RunBook book = new RunBook(10, 2);
        for (int i = 1; i <= 5; i++) {
            book.enqueue(RunInfo.queued("run-" + i, "m", 0));
        }
        book.update("run-5", r -> r.streaming("m", 10, 1));
        book.update("run-1", r -> r.complete(1.0));
        book.update("run-2", r -> r.failed("why"));
        book.update("run-3", r -> r.complete(1.0));

        // run-1 went; run-4 (queued) and run-5 (streaming) are never dropped
        assertThat(book.all())
                .extracting(RunInfo::runId, RunInfo::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("run-2", RunState.FAILED),
                        org.assertj.core.groups.Tuple.tuple("run-3", RunState.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("run-4", RunState.QUEUED),
                        org.assertj.core.groups.Tuple.tuple("run-5", RunState.STREAMING));
        assertThat(book.get("run-1")).isEmpty();
    }

    @Test
    void boundsOutOfRangeNameTheirKey() {
        assertThatThrownBy(() -> new RunBook(0, 100))
                .hasMessageContaining("kd.teacher.max-queued-runs");
        assertThatThrownBy(() -> new RunBook(4, -1))
                .hasMessageContaining("kd.teacher.max-finished-runs");
    }
}
