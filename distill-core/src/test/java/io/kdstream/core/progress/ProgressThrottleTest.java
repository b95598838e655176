package io.kdstream.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.progress.ProgressUpdate.Kind;
import io.kdstream.core.progress.ProgressUpdate.State;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.StepProgress;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The throttle on a fake clock that the test moves by hand: no sleeping, and the interval's edges
 * (one nanosecond before, exactly at) are checked, which a wall clock cannot do.
 */
class ProgressThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A clock that only moves when told, read as {@link System#nanoTime()} is. */
    private static final class FakeClock implements LongSupplier {

        private long now;

        FakeClock(long start) {
            this.now = start;
        }

        void advance(long nanos) {
            now += nanos;
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }

    private static ProgressUpdate tick(String id, State state) {
        // the throttle reads the id and the state; the figures are any epoch's end
        return ProgressUpdate.epochEnd(
                id,
                Kind.STUDENT_JOB,
                "exp",
                state,
                new EpochSummary(1, 2, 0.5, 0.9, 1.0, 100.0),
                4);
    }

    @Test
    void runningTicksAreThrottledPerIdStatusChangesNever() {
        FakeClock clock = new FakeClock(0);
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.SECONDS, clock);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        clock.advance(SECOND / 2);
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
    void theNextRunningTickGoesExactlyOneIntervalAfterTheLastOneSent() {
        FakeClock clock = new FakeClock(0);
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.SECONDS, clock);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        // a refused tick does not restart the interval: it counts from the last one sent
        clock.advance(SECOND / 2);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        clock.advance(SECOND / 2 - 1);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        clock.advance(1);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        // and the one admitted starts the next interval
        clock.advance(SECOND - 1);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
    }

    @Test
    void aTickSentWithoutAskingStartsTheIntervalAtItsOwnTime() {
        FakeClock clock = new FakeClock(0);
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.SECONDS, clock);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        clock.advance(SECOND / 2);
        throttle.sent(tick("a", State.RUNNING));
        // one interval after the first tick, but only half of one after the epoch's end
        clock.advance(SECOND / 2);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        clock.advance(SECOND / 2);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
    }

    @Test
    void nanoTimeWrappingAroundKeepsTheInterval() {
        // System.nanoTime() may be any long, and may pass Long.MAX_VALUE while a job runs
        FakeClock clock = new FakeClock(Long.MAX_VALUE - SECOND / 2);
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.SECONDS, clock);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        // before the clock wraps, while the interval's end already lies beyond Long.MAX_VALUE
        clock.advance(SECOND / 4);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        // after it wraps
        clock.advance(SECOND / 2);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        clock.advance(SECOND / 4 - 1);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
        clock.advance(1);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
    }

    @Test
    void theSystemClockConstructorThrottlesToo() {
        // the services' constructor: an hour cannot pass between two calls
        ProgressThrottle throttle = new ProgressThrottle(1, TimeUnit.HOURS);
        assertThat(throttle.admit(tick("a", State.RUNNING))).isTrue();
        assertThat(throttle.admit(tick("a", State.RUNNING))).isFalse();
    }

    @Test
    void mapperCarriesKindExperimentAndDropsNonFiniteFigures() {
        var record =
                TrainingProgressMapper.toAvro(
                        ProgressUpdate.teacherTrainingStep(
                                "t-1",
                                new StepProgress(
                                        1, 2, 3, 4, Float.NaN, 50.0, Double.POSITIVE_INFINITY)),
                        "host/1");
        assertThat(record.getKind().name()).isEqualTo("TEACHER_TRAINING");
        assertThat(record.getExperimentId()).isNull();
        assertThat(record.getLoss()).isNull();
        assertThat(record.getEtaSeconds()).isNull();
        assertThat(record.getSamplesPerSecond()).isEqualTo(50.0);
        assertThat(record.getWorker()).isEqualTo("host/1");
    }

    @Test
    void theRecordIsStampedWhenTheUpdateWasMadeNotWhenItIsSent() throws InterruptedException {
        // a worker makes an update, checks its lease, then sends: the stamp must be the first
        ProgressUpdate made =
                ProgressUpdate.teacherTrainingStep(
                        "t-1", new StepProgress(1, 2, 3, 4, 0.5f, 50.0, 1.0));
        Thread.sleep(5);
        var record = TrainingProgressMapper.toAvro(made, "host/1");
        // updatedAt is timestamp-micros on the wire
        assertThat(record.getUpdatedAt()).isEqualTo(made.madeAt().truncatedTo(ChronoUnit.MICROS));
    }
}
