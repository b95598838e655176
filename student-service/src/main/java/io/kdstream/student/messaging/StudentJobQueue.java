package io.kdstream.student.messaging;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.kdstream.core.codec.StudentJobDeserializer;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.JobOutcome;
import io.kdstream.student.metrics.StudentMetrics;
import io.kdstream.student.training.JobControl;
import io.kdstream.student.training.JobControl.RunningJob;
import io.kdstream.student.training.StudentJobRunner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;

/**
 * Takes student jobs from the student-jobs topic as a member of a Kafka share group (KIP-932,
 * "queues for Kafka"): any idle worker takes the next waiting job, from any partition, and any
 * number of workers share the topic.
 *
 * <p>One thread owns the {@link KafkaShareConsumer} (it is not thread-safe); jobs train on a pool
 * of {@code kd.student.slots} threads. The consumer acknowledges explicitly and fetches one record
 * per poll ({@code share.acquire.mode=record_limit}, {@code max.poll.records=1}), so a worker holds
 * only the jobs it trains. While a job trains, its record's acquisition lock is renewed every third
 * of the lock timeout ({@link AcknowledgeType#RENEW}; the broker then hands the record back on the
 * next poll); when the job ends its record is accepted (DONE, REJECTED, FAILED: done with) or
 * released (stopped by a shutdown: the next worker resumes it from its last checkpoint). A worker
 * killed with {@code kill -9} renews nothing, so the broker redelivers its job once the lock
 * expires, with a higher delivery count: the job's attempt. A record that is not a job is written
 * to the dead-letter topic and rejected.
 */
@ApplicationScoped
public class StudentJobQueue {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final StudentJobRunner runner;
    private final JobControl control;
    private final StudentPublisher publisher;
    private final StudentConfig config;
    private final KafkaClientConfig kafka;
    private final String topic;
    private final Duration lockTimeout;
    private final Duration renewEvery;
    private final Duration stopTimeout;
    private final int slots;
    // woken when a job ends, so that its record is acknowledged at once
    private final Semaphore jobEnded = new Semaphore(0);
    private final Map<String, Delivery> inFlight = new HashMap<>();
    private volatile boolean closing;
    private volatile boolean subscribed;
    private volatile String failure;
    private ExecutorService training;
    private Thread thread;

    /** A job this worker took: its latest record, its training, its registration. */
    private static final class Delivery {
        final String jobId;
        ConsumerRecord<String, byte[]> record;
        Future<JobOutcome> outcome;
        // set on the training thread once the job is registered; read by the queue thread
        volatile RunningJob handle;
        // when a poll last handed the record back; the broker renews only records it hands back
        long lastSeenNanos = System.nanoTime();
        // a renewal was refused: the record is no longer this worker's
        boolean lost;

        Delivery(ConsumerRecord<String, byte[]> record, String jobId) {
            this.record = record;
            this.jobId = jobId;
        }
    }

    StudentJobQueue(
            StudentJobRunner runner,
            JobControl control,
            StudentPublisher publisher,
            StudentConfig config,
            KafkaClientConfig kafka) {
        this.runner = runner;
        this.control = control;
        this.publisher = publisher;
        this.config = config;
        this.kafka = kafka;
        this.topic = config.topics().prefix() + KdTopics.STUDENT_JOBS;
        this.lockTimeout = Duration.ofSeconds(config.student().lockTimeoutSeconds());
        this.renewEvery = lockTimeout.dividedBy(3);
        this.stopTimeout = Duration.ofSeconds(config.student().stopTimeoutSeconds());
        this.slots = config.student().slots();
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.student().consume()) {
            Log.info("kd.student.consume=false: this worker takes no jobs from Kafka");
            return;
        }
        if (slots < 1) {
            throw new IllegalArgumentException("kd.student.slots must be >= 1, got " + slots);
        }
        loadEngine();
        ShareGroups.configure(
                kafka, config.student().group(), lockTimeout, config.student().deliveryLimit());
        AtomicInteger n = new AtomicInteger();
        training =
                Executors.newFixedThreadPool(
                        slots, r -> new Thread(r, "training-" + n.incrementAndGet()));
        thread = new Thread(this::loop, "student-jobs-queue");
        // the application keeps the JVM alive; this thread must not keep it from exiting
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads libtorch and runs one operation on this thread before the first job, so that the first
     * readiness check does not load the engine on a request thread while the first job starts.
     */
    private static void loadEngine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.ones(new Shape(2, 2)).sum().getFloat();
            Log.infof(
                    "DJL engine %s loaded before the first job",
                    Engine.getInstance().getEngineName());
        }
    }

    /**
     * Stops the running jobs (they publish INTERRUPTED) and releases their records before the
     * channels close, so the next worker need not wait for the locks to expire.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        control.shutdown("the worker is shutting down", stopTimeout);
        if (thread == null) {
            return;
        }
        closing = true;
        jobEnded.release();
        try {
            thread.join(COMMIT_TIMEOUT.plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        training.shutdownNow();
    }

    /** Whether the consumer is subscribed and healthy, for the readiness check. */
    public Optional<String> problem() {
        if (!config.student().consume()) {
            return Optional.empty();
        }
        if (failure != null) {
            return Optional.of(failure);
        }
        return subscribed ? Optional.empty() : Optional.of("not subscribed to " + topic + " yet");
    }

    /** How many more jobs this worker can take now. */
    private int freeSlots() {
        return closing ? 0 : slots - inFlight.size();
    }

    private void loop() {
        while (!closing) {
            try (KafkaShareConsumer<String, byte[]> consumer =
                    ShareGroups.consumer(kafka, config.student().group(), publisher.worker())) {
                consumer.subscribe(List.of(topic));
                subscribed = true;
                failure = null;
                Log.infof(
                        "Taking student jobs from %s as a member of share group %s (%d slot%s, lock"
                                + " %s, renewed every %s)",
                        topic,
                        config.student().group(),
                        slots,
                        slots == 1 ? "" : "s",
                        lockTimeout,
                        renewEvery);
                serve(consumer);
                // closing: whatever is still acquired is released by close()
            } catch (RuntimeException e) {
                subscribed = false;
                failure = "share consumer failed: " + e;
                Log.errorf(e, "The student-jobs share consumer failed; reconnecting in 5 s");
                abandonInFlight("the worker's share consumer failed: " + e.getMessage());
                sleep(Duration.ofSeconds(5));
            }
        }
        subscribed = false;
    }

    /**
     * Stops the jobs of a consumer that is gone: their records cannot be acknowledged by another
     * one (closing it released them), so they must not train on unrenewed locks.
     */
    private void abandonInFlight(String reason) {
        for (Delivery d : inFlight.values()) {
            control.lost(d.jobId, reason);
        }
        for (Delivery d : inFlight.values()) {
            try {
                d.outcome.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Log.warnf("Job %s did not stop within %s", d.jobId, stopTimeout);
            }
        }
        inFlight.clear();
    }

    private void serve(KafkaShareConsumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> batch = List.of();
        long lastRenew = System.nanoTime();
        while (true) {
            if (!batch.isEmpty()) {
                // every record of the batch must be acknowledged before the next poll: wait until
                // a renewal is due, a job ends, or a slot can take more work
                Duration untilRenew = renewEvery.minusNanos(System.nanoTime() - lastRenew);
                boolean wait = freeSlots() == 0 && !closing && !anyEnded();
                if (wait && !untilRenew.isNegative()) {
                    acquire(untilRenew);
                }
                acknowledge(consumer, batch);
                lastRenew = System.nanoTime();
            }
            if (closing) {
                // the shutdown stopped the jobs first; what is still acquired, close() releases
                return;
            }
            forgetGone();
            batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (take(consumer, record)) {
                    batch.add(record);
                }
            }
        }
    }

    /** Handles a polled record; returns whether it is in flight (to be acknowledged later). */
    private boolean take(
            KafkaShareConsumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
        String key = key(record);
        Delivery known = inFlight.get(key);
        if (known != null) {
            // a renewed record comes back with each poll
            known.record = record;
            known.lastSeenNanos = System.nanoTime();
            return true;
        }
        if (freeSlots() <= 0) {
            // more than the slots allow: hand it straight back (it costs the job one delivery)
            Log.warnf("Job record %s arrived with no free slot: released", key);
            consumer.acknowledge(record, AcknowledgeType.RELEASE);
            return false;
        }
        JobSpec job;
        try {
            StudentJob value;
            try (StudentJobDeserializer deserializer = new StudentJobDeserializer()) {
                value =
                        record.value() == null
                                ? null
                                : deserializer.deserialize(record.topic(), record.value());
            }
            if (value == null) {
                throw new IllegalArgumentException("the student job record has no value");
            }
            job = StudentJobMapper.toDomain(value);
        } catch (RuntimeException e) {
            deadLetter(consumer, record, e);
            return false;
        }
        int attempt = record.deliveryCount().map(Short::intValue).orElse(1);
        Delivery delivery = new Delivery(record, job.jobId());
        delivery.outcome =
                training.submit(
                        () -> {
                            try {
                                return runner.run(
                                        job,
                                        attempt,
                                        config.student().deliveryLimit(),
                                        lockTimeout,
                                        handle -> delivery.handle = handle);
                            } finally {
                                jobEnded.release();
                            }
                        });
        inFlight.put(key, delivery);
        Log.infof("Took job %s (%s, delivery %d)", job.jobId(), key, attempt);
        return true;
    }

    /** Acknowledges every record of the last poll: final for ended jobs, RENEW for the others. */
    private void acknowledge(
            KafkaShareConsumer<String, byte[]> consumer,
            List<ConsumerRecord<String, byte[]>> batch) {
        List<Delivery> renewed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            String key = key(record);
            Delivery d = inFlight.get(key);
            if (d == null) {
                continue;
            }
            if (d.outcome.isDone()) {
                JobOutcome outcome = outcomeOf(d);
                consumer.acknowledge(
                        record,
                        outcome.acknowledge() ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
                inFlight.remove(key);
                Log.infof(
                        "Job %s %s (%s)",
                        d.jobId, outcome.acknowledge() ? "accepted" : "released", outcome);
            } else {
                consumer.acknowledge(record, AcknowledgeType.RENEW);
                renewed.add(d);
            }
        }
        long sentAt = System.nanoTime();
        Map<TopicIdPartition, Optional<KafkaException>> results =
                consumer.commitSync(COMMIT_TIMEOUT);
        for (Delivery d : renewed) {
            Optional<KafkaException> error =
                    results.entrySet().stream()
                            .filter(
                                    e ->
                                            e.getKey().topic().equals(d.record.topic())
                                                    && e.getKey().partition()
                                                            == d.record.partition())
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(Optional.empty());
            if (error.isPresent()) {
                d.lost = true;
                control.lost(d.jobId, error.get().getMessage());
            } else if (d.handle != null) {
                d.handle.renewedAt(sentAt);
            }
        }
        forgetGone();
    }

    /**
     * Drops ended jobs whose record this worker no longer holds (a refused renewal, or a record the
     * broker has not handed back for a whole lock timeout): nothing is left to acknowledge, and
     * their slot must not stay taken.
     */
    private void forgetGone() {
        long now = System.nanoTime();
        inFlight.values()
                .removeIf(
                        d -> {
                            boolean gone =
                                    d.outcome.isDone()
                                            && (d.lost
                                                    || now - d.lastSeenNanos
                                                            > lockTimeout.toNanos());
                            if (gone) {
                                Log.infof(
                                        "Job %s ended after its record left this worker (%s)",
                                        d.jobId, outcomeOf(d));
                            }
                            return gone;
                        });
    }

    private void deadLetter(
            KafkaShareConsumer<String, byte[]> consumer,
            ConsumerRecord<String, byte[]> record,
            RuntimeException e) {
        String reason = "not a student job: " + e.getMessage();
        Log.warnf("%s: %s; sent to the dead-letter topic", key(record), reason);
        try {
            publisher.deadLetter(record, reason, e, StudentMetrics.JOBS_SOURCE);
            consumer.acknowledge(record, AcknowledgeType.REJECT);
        } catch (RuntimeException sendFailure) {
            // the dead letter did not go out: let the record come back rather than lose it
            Log.errorf(sendFailure, "Cannot dead-letter %s; releasing it", key(record));
            consumer.acknowledge(record, AcknowledgeType.RELEASE);
        }
    }

    private boolean anyEnded() {
        return inFlight.values().stream().anyMatch(d -> d.outcome.isDone());
    }

    private void acquire(Duration timeout) {
        try {
            if (jobEnded.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                jobEnded.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private static JobOutcome outcomeOf(Delivery d) {
        try {
            return d.outcome.get();
        } catch (Exception e) {
            // the runner catches everything; this is a bug, and the job goes back to the queue
            Log.errorf(e, "Job %s ended with an exception", d.jobId);
            return JobOutcome.STOPPED;
        }
    }

    private static String key(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
