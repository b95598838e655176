package io.kdstream.student.training;

import io.kdstream.student.domain.PartitionRef;
import io.kdstream.student.domain.WorkerStatus;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Knows which student-jobs partitions this worker owns and which job it trains, and stops that job
 * when its partition goes to another worker or the worker shuts down.
 *
 * <p>This is what keeps a job from training on two workers at once. Kafka hands a revoked partition
 * to its new owner only after the old owner's {@code onPartitionsRevoked} returned; the rebalance
 * listener calls {@link #revoked} there, which asks the running job to stop and waits (bounded)
 * until it has: the training loop checks the flag before every step, so a job stops within one
 * step. The stopped job is not acknowledged, so the new owner reads it again and resumes it from
 * its last checkpoint.
 *
 * <p>Plain Java apart from the CDI scope, so that its rules are tested without Kafka. Jobs run one
 * at a time ({@code smallrye.messaging.worker.training.max-concurrency=1}).
 */
@ApplicationScoped
public class JobControl {

    private final Object lock = new Object();
    private final Set<PartitionRef> assigned = new ConcurrentSkipListSet<>();
    private RunningJob current;
    private String shutdownReason;

    /**
     * A job this worker trains, with its stop flag.
     *
     * <p>{@link #stopRequested()} is what the training loop and the replay poll.
     */
    public static final class RunningJob {

        private final String jobId;
        private final PartitionRef partition;
        private final Instant since = Instant.now();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile String stopReason;

        RunningJob(String jobId, PartitionRef partition) {
            this.jobId = jobId;
            this.partition = partition;
        }

        /**
         * Returns the job's id.
         *
         * @return the job id
         */
        public String jobId() {
            return jobId;
        }

        /**
         * Returns the student-jobs partition the job was read from.
         *
         * @return the partition, or {@code null} without Kafka (in-memory channel)
         */
        public PartitionRef partition() {
            return partition;
        }

        /**
         * Returns the stop flag, for the training loop.
         *
         * @return {@code true} once the job must stop
         */
        public BooleanSupplier stopRequested() {
            return () -> stopReason != null;
        }

        /**
         * Returns why the job was asked to stop.
         *
         * @return the reason, or {@code null} while it may run
         */
        public String stopReason() {
            return stopReason;
        }

        void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        boolean awaitEnd(Duration timeout) {
            try {
                return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Registers a job that is about to run.
     *
     * @param jobId the job
     * @param partition its student-jobs partition, or {@code null} without Kafka
     * @return the running job, or empty if it must not start: the worker is shutting down, or the
     *     partition was revoked after the record was fetched
     * @throws IllegalStateException if another job is running
     */
    public Optional<RunningJob> begin(String jobId, PartitionRef partition) {
        synchronized (lock) {
            if (current != null) {
                throw new IllegalStateException(
                        "job " + jobId + " cannot start while " + current.jobId + " runs");
            }
            if (shutdownReason != null) {
                Log.infof("Job %s not started: %s", jobId, shutdownReason);
                return Optional.empty();
            }
            if (partition != null && !assigned.contains(partition)) {
                Log.infof(
                        "Job %s not started: partition %s is no longer assigned to this worker",
                        jobId, partition);
                return Optional.empty();
            }
            current = new RunningJob(jobId, partition);
            return Optional.of(current);
        }
    }

    /**
     * Marks a job as ended, stopped or not; whoever waits for it to stop goes on.
     *
     * @param job the job from {@link #begin}
     */
    public void end(RunningJob job) {
        synchronized (lock) {
            if (current == job) {
                current = null;
            }
        }
        job.ended.countDown();
    }

    /**
     * Records partitions assigned to this worker.
     *
     * @param partitions the newly assigned partitions
     */
    public void assigned(Collection<PartitionRef> partitions) {
        assigned.addAll(partitions);
        Log.infof("Assigned student-jobs partitions %s; now owns %s", partitions, assigned);
    }

    /**
     * Records partitions taken from this worker, and stops the running job if it came from one of
     * them; returns once the job has stopped or the timeout has passed.
     *
     * @param partitions the revoked (or lost) partitions
     * @param timeout how long to wait for the job to stop
     * @return {@code false} if a job still runs after the timeout
     */
    public boolean revoked(Collection<PartitionRef> partitions, Duration timeout) {
        RunningJob job;
        synchronized (lock) {
            assigned.removeAll(partitions);
            job = current;
            if (job == null || job.partition == null || !partitions.contains(job.partition)) {
                Log.infof("Revoked student-jobs partitions %s; now owns %s", partitions, assigned);
                return true;
            }
            job.stop("partition " + job.partition + " was reassigned to another worker");
        }
        Log.infof(
                "Partition %s revoked while job %s runs on it: stopping the job before handing"
                        + " the partition over",
                job.partition, job.jobId);
        return awaitStop(job, timeout);
    }

    /**
     * Stops the running job, if any, and refuses new ones; returns once the job has stopped or the
     * timeout has passed.
     *
     * @param reason why the worker stops
     * @param timeout how long to wait for the job to stop
     * @return {@code false} if a job still runs after the timeout
     */
    public boolean shutdown(String reason, Duration timeout) {
        RunningJob job;
        synchronized (lock) {
            shutdownReason = reason;
            job = current;
            if (job == null) {
                return true;
            }
            job.stop(reason);
        }
        Log.infof("Stopping job %s: %s", job.jobId, reason);
        return awaitStop(job, timeout);
    }

    /**
     * Describes what this worker does now.
     *
     * @param worker the worker's name
     * @return the status
     */
    public WorkerStatus status(String worker) {
        synchronized (lock) {
            WorkerStatus.CurrentJob job =
                    current == null
                            ? null
                            : new WorkerStatus.CurrentJob(
                                    current.jobId,
                                    current.partition == null ? null : current.partition.toString(),
                                    current.since,
                                    current.stopReason != null);
            return new WorkerStatus(
                    worker,
                    new TreeSet<>(assigned).stream().map(PartitionRef::toString).toList(),
                    job);
        }
    }

    private static boolean awaitStop(RunningJob job, Duration timeout) {
        long start = System.nanoTime();
        boolean stopped = job.awaitEnd(timeout);
        if (stopped) {
            Log.infof(
                    "Job %s stopped in %d ms", job.jobId, (System.nanoTime() - start) / 1_000_000);
        } else {
            Log.warnf(
                    "Job %s did not stop within %s; handing its partition over anyway",
                    job.jobId, timeout);
        }
        return stopped;
    }
}
