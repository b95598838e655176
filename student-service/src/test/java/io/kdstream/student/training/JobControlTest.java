package io.kdstream.student.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kdstream.student.domain.PartitionRef;
import io.kdstream.student.domain.WorkerStatus;
import io.kdstream.student.training.JobControl.RunningJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep a job from training on two workers at once: a revoked partition's job is
 * stopped before the revocation returns, and a record of a partition this worker no longer owns is
 * not started.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: {@link JobControl} is plain Java, and the Kafka
 * listener that calls it is a thin adapter; the ITs run it against a real broker.
 */
class JobControlTest {

    private static final String TOPIC = "kd.student-jobs";
    private static final PartitionRef P0 = new PartitionRef(TOPIC, 0);
    private static final PartitionRef P1 = new PartitionRef(TOPIC, 1);
    private static final PartitionRef P3 = new PartitionRef(TOPIC, 3);

    private final JobControl control = new JobControl();

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
    void revokingTheRunningJobsPartitionStopsTheJobBeforeReturning() {
        control.assigned(List.of(P0, P3));
        RunningJob job = control.begin("job-a", P3).orElseThrow();
        AtomicLong endedAt = runUntilStopped(job, 200);

        boolean stopped = control.revoked(List.of(P3), Duration.ofSeconds(10));
        long returnedAt = System.nanoTime();

        // the revocation returned only after the job had ended: the partition is free to move
        assertThat(stopped).isTrue();
        assertThat(endedAt.get()).isPositive().isLessThanOrEqualTo(returnedAt);
        assertThat(job.stopReason()).contains("partition kd.student-jobs-3 was reassigned");
        assertThat(control.status("w").assignedPartitions()).containsExactly("kd.student-jobs-0");
        assertThat(control.status("w").currentJob()).isNull();
    }

    @Test
    void revokingOtherPartitionsLeavesTheJobRunning() {
        control.assigned(List.of(P0, P1, P3));
        RunningJob job = control.begin("job-b", P0).orElseThrow();

        assertThat(control.revoked(List.of(P1, P3), Duration.ofSeconds(10))).isTrue();

        assertThat(job.stopRequested().getAsBoolean()).isFalse();
        WorkerStatus status = control.status("w");
        assertThat(status.currentJob().jobId()).isEqualTo("job-b");
        assertThat(status.currentJob().stopping()).isFalse();
        control.end(job);
    }

    @Test
    void recordOfARevokedPartitionIsNotStarted() {
        control.assigned(List.of(P0, P1));
        control.revoked(List.of(P1), Duration.ofSeconds(1));

        // fetched before the revocation, delivered after it: its new owner runs it
        assertThat(control.begin("job-c", P1)).isEmpty();
        // without Kafka (in-memory channel) there is no partition to own
        RunningJob job = control.begin("job-d", null).orElseThrow();
        assertThatThrownBy(() -> control.begin("job-e", P0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-d runs");
        control.end(job);
        assertThat(control.begin("job-e", P0)).isPresent();
    }

    @Test
    void shutdownStopsTheJobAndRefusesNewOnes() {
        control.assigned(List.of(P0));
        RunningJob job = control.begin("job-f", P0).orElseThrow();
        AtomicLong endedAt = runUntilStopped(job, 50);

        assertThat(control.shutdown("the worker is shutting down", Duration.ofSeconds(10)))
                .isTrue();

        assertThat(endedAt.get()).isPositive();
        assertThat(job.stopReason()).isEqualTo("the worker is shutting down");
        assertThat(control.begin("job-g", P0)).isEmpty();
    }

    @Test
    void revocationGivesUpAfterItsTimeout() {
        control.assigned(List.of(P0));
        RunningJob job = control.begin("job-h", P0).orElseThrow();
        AtomicLong start = new AtomicLong(System.nanoTime());

        // the job never ends: the listener must not block the consumer forever
        assertThat(control.revoked(List.of(P0), Duration.ofMillis(300))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start.get()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(job.stopRequested().getAsBoolean()).isTrue();
        control.end(job);
        await().atMost(Duration.ofSeconds(1)).until(() -> control.status("w").currentJob() == null);
    }
}
