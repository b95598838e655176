package io.kdstream.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.kdstream.core.progress.ProgressUpdate.Kind;
import io.kdstream.core.progress.ProgressUpdate.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What reaches the send function: throttled RUNNING ticks, every forced tick, and nothing that
 * throws back into the training.
 */
class ProgressSenderTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long now;
    private final List<ProgressUpdate> sent = new ArrayList<>();
    private final ProgressSender sender =
            new ProgressSender(new ProgressThrottle(1, TimeUnit.SECONDS, () -> now), sent::add);

    private static ProgressUpdate tick(State state, int step) {
        return new ProgressUpdate(
                "job",
                Kind.STUDENT_JOB,
                "exp",
                state,
                1,
                2,
                step,
                4,
                0.5,
                100.0,
                10.0,
                null,
                Instant.now());
    }

    @Test
    void sendsRunningTicksOncePerIntervalAndForcedTicksAlways() {
        sender.progress(tick(State.RUNNING, 1));
        now += SECOND / 2;
        sender.progress(tick(State.RUNNING, 2));
        sender.progressNow(tick(State.RUNNING, 3));
        // the forced tick restarted the interval
        now += SECOND / 2;
        sender.progress(tick(State.RUNNING, 4));
        now += SECOND / 2;
        sender.progress(tick(State.RUNNING, 5));
        sender.progress(tick(State.DONE, 6));

        assertThat(sent).extracting(ProgressUpdate::step).containsExactly(1, 3, 5, 6);
    }

    @Test
    void aTickSentElsewhereCountsAsSent() {
        sender.progress(tick(State.RUNNING, 1));
        now += SECOND;
        sender.sent(tick(State.RUNNING, 2));
        sender.progress(tick(State.RUNNING, 3));

        assertThat(sent).extracting(ProgressUpdate::step).containsExactly(1);
    }

    @Test
    void aSendThatThrowsDropsTheTickOnly() {
        ProgressSender failing =
                new ProgressSender(
                        new ProgressThrottle(1, TimeUnit.SECONDS),
                        update -> {
                            throw new IllegalStateException("buffer full");
                        });

        assertThatCode(() -> failing.progress(tick(State.RUNNING, 1))).doesNotThrowAnyException();
        assertThatCode(() -> failing.progressNow(tick(State.DONE, 2))).doesNotThrowAnyException();
    }
}
