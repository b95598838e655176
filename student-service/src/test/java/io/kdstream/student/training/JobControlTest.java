package io.kdstream.student.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kdstream.core.training.TrainingStoppedException;
import io.kdstream.student.domain.WorkerStatus;
import io.kdstream.student.training.JobControl.RunningJob;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep a job from training on two workers at once: a job's lease ends one lock
 * timeout after its last renewal (on the monotonic clock, so a paused process cannot outlive it), a
 * lost lock stops the job, and a shutdown stops every job before the worker releases them.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: {@link JobControl} is plain Java, and the share-group
 * queue that calls it is tested against a real broker by the ITs.
 */
class JobControlTest {

    private static final Duration LOCK = Duration.ofSeconds(30);

    /** A clock the test moves by hand. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final JobControl control = new JobControl(now::get);

    /**
     * A job thread that trains "steps" until asked to stop, then takes a while to wind down; the
     * returned value is set to the time it ended, just before it tells {@link JobControl}.
     */
    private AtomicLong runUntilStopped(RunningJob job, long windDownMillis) {
        AtomicLong endedAt = new AtomicLong();
        CompletableFuture.runAsync(
                () -> {
                    while (!job.stopRequested().getAsBoolean()) {
                        Thread.onSpinWait();
                    }
                    try {
                        // the end of the step, the INTERRUPTED status
                        Thread.sleep(windDownMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    endedAt.set(System.nanoTime());
                    control.end(job);
                });
        return endedAt;
    }

    @Test
    void theLeaseLastsOneLockTimeoutAfterTheLastRenewal() {
        RunningJob job = control.begin("job-a", 1, LOCK).orElseThrow();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(job.leaseValid()).isTrue();
        job.renewed();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(job.leaseValid()).isTrue();
        job.requireLease();

        // paused past the lock (SIGSTOP, GC): the monotonic clock ran on
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(job.leaseValid()).isFalse();
        assertThatThrownBy(job::requireLease)
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessageContaining("lock expired");
        assertThat(job.stopRequested().getAsBoolean()).isTrue();
        control.end(job);
    }

    @Test
    void aRenewalSentAfterTheLeaseLapsedDoesNotReviveIt() {
        RunningJob job = control.begin("job-a", 1, LOCK).orElseThrow();
        // frozen past the lock; on waking, the queue sends its renewal first and the broker does
        // not refuse it: the training thread must still publish nothing more
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        job.renewedAt(now.get());
        assertThat(job.leaseValid()).isFalse();
        assertThat(job.stopRequested().getAsBoolean()).isTrue();
        assertThat(job.stopReason()).contains("expired before it was renewed");
        assertThatThrownBy(job::requireLease).isInstanceOf(TrainingStoppedException.class);
        control.end(job);
    }

    @Test
    void aJobWithoutALockAlwaysHoldsItsLease() {
        RunningJob job = control.begin("job-b", 1, null).orElseThrow();
        now.addAndGet(Duration.ofDays(1).toNanos());
        assertThat(job.leaseValid()).isTrue();
        control.end(job);
    }

    @Test
    void aLostLockStopsOnlyThatJob() {
        RunningJob lost = control.begin("job-c", 2, LOCK).orElseThrow();
        RunningJob other = control.begin("job-d", 1, LOCK).orElseThrow();

        control.lost("job-c", "InvalidRecordStateException");

        assertThat(lost.stopReason()).isEqualTo("lost its lock: InvalidRecordStateException");
        assertThat(other.stopRequested().getAsBoolean()).isFalse();
        WorkerStatus status = control.status("w", 2);
        assertThat(status.jobs())
                .extracting(
                        WorkerStatus.CurrentJob::jobId,
                        WorkerStatus.CurrentJob::attempt,
                        WorkerStatus.CurrentJob::stopping)
                .containsExactly(tuple("job-c", 2, true), tuple("job-d", 1, false));
        control.end(lost);
        control.end(other);
        assertThat(control.status("w", 2).jobs()).isEmpty();
    }

    @Test
    void aJobRunsOnceOnAWorker() {
        RunningJob job = control.begin("job-e", 1, LOCK).orElseThrow();
        // a second delivery of the same job while it trains here: not started twice
        assertThat(control.begin("job-e", 2, LOCK)).isEmpty();
        control.end(job);
        assertThat(control.begin("job-e", 2, LOCK)).isPresent();
    }

    @Test
    void shutdownStopsEveryJobAndRefusesNewOnes() {
        RunningJob first = control.begin("job-f", 1, LOCK).orElseThrow();
        RunningJob second = control.begin("job-g", 1, LOCK).orElseThrow();
        AtomicLong firstEnded = runUntilStopped(first, 50);
        AtomicLong secondEnded = runUntilStopped(second, 100);

        assertThat(control.shutdown("the worker is shutting down", Duration.ofSeconds(10)))
                .isTrue();
        long returnedAt = System.nanoTime();

        assertThat(firstEnded.get()).isPositive().isLessThanOrEqualTo(returnedAt);
        assertThat(secondEnded.get()).isPositive().isLessThanOrEqualTo(returnedAt);
        assertThat(first.stopReason()).isEqualTo("the worker is shutting down");
        assertThat(control.shuttingDown()).isTrue();
        assertThat(control.begin("job-h", 1, LOCK)).isEmpty();
    }

    @Test
    void shutdownGivesUpAfterItsTimeout() {
        RunningJob job = control.begin("job-i", 1, LOCK).orElseThrow();
        long start = System.nanoTime();

        // the job never ends: the shutdown must not hang forever
        assertThat(control.shutdown("bye", Duration.ofMillis(300))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(job.stopRequested().getAsBoolean()).isTrue();
        control.end(job);
    }
}
