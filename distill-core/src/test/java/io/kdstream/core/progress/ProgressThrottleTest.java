package io.kdstream.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.progress.ProgressUpdate.Kind;
import io.kdstream.core.progress.ProgressUpdate.State;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private static ProgressUpdate tick(String id, State state) {
        return new ProgressUpdate(id, Kind.STUDENT_JOB, "exp", state, 1, 2, 3, 4, 0.5, 100.0, 10.0, null);
    }

    @Test
    void runningTicksAreThrottledPerIdStatusChangesNever() {
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.HOURS);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        // another job has its own interval
        assertThat(throttle.admit(tick("b", State.RUNNING))).isTrue();
        // a status change always goes, and the job starts afresh after it
        assertThat(throttle.admit(tick("a", State.DONE))).isTrue();
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        // a tick sent without asking (an epoch's end) restarts the interval
        throttle.sent(tick("c", State.RUNNING));
        assertThat(throttle.admit(tick("c", State.RUNNING))).isFalse();
        throttle.sent(tick("c", State.FAILED));
        assertThat(throttle.admit(tick("c", State.RUNNING))).isTrue();
    }

    @Test
    void afterTheIntervalTheNextRunningTickGoes() throws InterruptedException {
        ProgressThrottle throttle = new ProgressThrottle(20, TimeUnit.MILLISECONDS);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        Thread.sleep(40);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
    }

    @Test
    void mapperCarriesKindExperimentAndDropsNonFiniteFigures() {
        var record = TrainingProgressMapper.toAvro(new ProgressUpdate("t-1", Kind.TEACHER_TRAINING, null,
                State.RUNNING, 1, 2, 3, 4, Double.NaN, 50.0, Double.POSITIVE_INFINITY, null), "host/1");
        assertThat(record.getKind().name()).isEqualTo("TEACHER_TRAINING");
        assertThat(record.getExperimentId()).isNull();
        assertThat(record.getLoss()).isNull();
        assertThat(record.getEtaSeconds()).isNull();
        assertThat(record.getSamplesPerSecond()).isEqualTo(50.0);
        assertThat(record.getWorker()).isEqualTo("host/1");
    }
}
