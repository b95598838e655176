package io.kdstream.student.training;

import io.kdstream.core.training.TrainingStoppedException;
import io.kdstream.student.domain.WorkerStatus;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Knows which jobs this worker trains, and stops them when their lock is lost or the worker shuts
 * down.
 *
 * <p>A worker holds each job it trains under a lock of the student-jobs share group: the broker
 * hands the job to another worker once the lock expires. The queue renews the lock while the job
 * trains and records each renewal here ({@link RunningJob#renewed}); the job's <em>lease</em> is
 * valid until one lock timeout after the last renewal. Before a job publishes a checkpoint or its
 * final status it checks its lease, so a worker that was paused (SIGSTOP, a long GC, a network
 * partition) past its lock never overwrites the work of the attempt that took the job over: the
 * lease is measured on the monotonic clock, which keeps running while the process is stopped.
 *
 * <p>Plain Java apart from the CDI scope, so that its rules are tested without Kafka.
 */
@ApplicationScoped
public class JobControl {

    private final Object lock = new Object();
    private final Map<String, RunningJob> running = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    private String shutdownReason;

    JobControl() {
        this(System::nanoTime);
    }

    /**
     * A control on a given monotonic clock, for tests.
     *
     * @param nanoTime the clock, in nanoseconds
     */
    JobControl(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * A job this worker trains, with its stop flag and its lease.
     *
     * <p>{@link #stopRequested()} is what the training loop and the replay poll.
     */
    public static final class RunningJob {

        private final String jobId;
        private final int attempt;
        private final Duration lockTimeout;
        private final LongSupplier nanoTime;
        private final Instant since = Instant.now();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile long renewedAtNanos;
        private volatile String stopReason;

        RunningJob(String jobId, int attempt, Duration lockTimeout, LongSupplier nanoTime) {
            this.jobId = jobId;
            this.attempt = attempt;
            this.lockTimeout = lockTimeout;
            this.nanoTime = nanoTime;
            this.renewedAtNanos = nanoTime.getAsLong();
        }

        /** The job's id. */
        public String jobId() {
            return jobId;
        }

        /**
         * Which delivery of the job this is: 1 for the first, 2 after one lost or released lock.
         */
        public int attempt() {
            return attempt;
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

        /** Records that the job's lock was renewed now, on the broker. */
        public void renewed() {
            renewedAt(nanoTime.getAsLong());
        }

        /**
         * Records that the broker renewed the job's lock on a request sent at the given time: the
         * lease counts from when the request left, never from when the answer came back, so that it
         * ends no later than the broker's lock. A renewal sent after the lease had already lapsed
         * does not revive it: it stops the job instead.
         *
         * @param sentAtNanos the monotonic clock when the renewal was sent
         */
        public synchronized void renewedAt(long sentAtNanos) {
            if (lockTimeout != null && sentAtNanos - renewedAtNanos >= lockTimeout.toNanos()) {
                // the lock had expired before this renewal left (a worker frozen past its lock):
                // the broker may have given the job to another worker meanwhile, whatever it
                // answers now, so a lapsed lease is never revived
                stop("its lock expired before it was renewed: another worker may have the job");
                return;
            }
            renewedAtNanos = Math.max(renewedAtNanos, sentAtNanos);
        }

        /**
         * Whether this worker still holds the job: its lock was renewed less than one lock timeout
         * ago. Without a lock (no Kafka, {@code lockTimeout} null) always {@code true}.
         *
         * @return {@code false} once another worker may have the job
         */
        public boolean leaseValid() {
            return lockTimeout == null
                    || nanoTime.getAsLong() - renewedAtNanos < lockTimeout.toNanos();
        }

        /**
         * Stops the job unless its lease is valid, before it publishes anything.
         *
         * @throws TrainingStoppedException when the lease has expired
         */
        public void requireLease() {
            if (!leaseValid()) {
                stop("its lock expired: another worker may have taken the job over");
                throw new TrainingStoppedException(stopReason);
            }
        }

        /**
         * Asks the job to stop at its next step; the first reason wins.
         *
         * @param reason why
         */
        public void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        boolean awaitEnd(Duration timeout) {
            try {
                return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
     * @param attempt its delivery count (1 for the first delivery)
     * @param lockTimeout how long the broker keeps the job's lock without a renewal; {@code null}
     *     when the job holds no lock (no Kafka)
     * @return the running job, or empty if it must not start: the worker is shutting down, or
     *     already trains this job
     */
    public Optional<RunningJob> begin(String jobId, int attempt, Duration lockTimeout) {
        synchronized (lock) {
            if (shutdownReason != null) {
                Log.infof("Job %s not started: %s", jobId, shutdownReason);
                return Optional.empty();
            }
            if (running.containsKey(jobId)) {
                Log.warnf("Job %s not started: this worker already trains it", jobId);
                return Optional.empty();
            }
            RunningJob job = new RunningJob(jobId, attempt, lockTimeout, nanoTime);
            running.put(jobId, job);
            return Optional.of(job);
        }
    }

    /**
     * Marks a job as ended, stopped or not; whoever waits for it to stop goes on.
     *
     * @param job the job from {@link #begin}
     */
    public void end(RunningJob job) {
        synchronized (lock) {
            running.remove(job.jobId, job);
        }
        job.ended.countDown();
    }

    /**
     * Stops a job whose lock this worker lost (the broker refused a renewal).
     *
     * @param jobId the job
     * @param reason what the broker said
     */
    public void lost(String jobId, String reason) {
        RunningJob job;
        synchronized (lock) {
            job = running.get(jobId);
        }
        if (job != null) {
            Log.warnf("Job %s lost its lock (%s): stopping it", jobId, reason);
            job.stop("lost its lock: " + reason);
        }
    }

    /**
     * Stops every running job and refuses new ones; returns once they have stopped or the timeout
     * has passed.
     *
     * @param reason why the worker stops
     * @param timeout how long to wait for the jobs to stop
     * @return {@code false} if a job still runs after the timeout
     */
    public boolean shutdown(String reason, Duration timeout) {
        List<RunningJob> jobs;
        synchronized (lock) {
            shutdownReason = reason;
            jobs = new ArrayList<>(running.values());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (RunningJob job : jobs) {
            Log.infof("Stopping job %s: %s", job.jobId, reason);
            job.stop(reason);
        }
        for (RunningJob job : jobs) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (job.awaitEnd(left)) {
                Log.infof("Job %s stopped", job.jobId);
            } else {
                Log.warnf("Job %s did not stop within %s", job.jobId, timeout);
                all = false;
            }
        }
        return all;
    }

    /**
     * The attempt of a job this worker trains, for the records it publishes about it.
     *
     * @param jobId the job
     * @return its delivery count, or {@code null} when this worker does not train it
     */
    public Integer attempt(String jobId) {
        synchronized (lock) {
            RunningJob job = running.get(jobId);
            return job == null ? null : job.attempt;
        }
    }

    /** Whether the worker is shutting down. */
    public boolean shuttingDown() {
        synchronized (lock) {
            return shutdownReason != null;
        }
    }

    /**
     * Describes what this worker does now.
     *
     * @param worker the worker's name
     * @param slots how many jobs it trains at once at most
     * @return the status
     */
    public WorkerStatus status(String worker, int slots) {
        synchronized (lock) {
            return new WorkerStatus(
                    worker,
                    slots,
                    running.values().stream()
                            .sorted(Comparator.comparing(j -> j.since))
                            .map(
                                    j ->
                                            new WorkerStatus.CurrentJob(
                                                    j.jobId,
                                                    j.attempt,
                                                    j.since,
                                                    j.stopReason != null))
                            .toList());
        }
    }
}
