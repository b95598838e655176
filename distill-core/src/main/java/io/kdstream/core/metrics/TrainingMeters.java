package io.kdstream.core.metrics;

import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.StepProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The training meters of one role (teacher or student): samples per second, step time, loss and
 * epoch, each tagged with the job, the model architecture and the role.
 *
 * <p>The teacher-service and the student-service feed these from their {@link
 * io.kdstream.core.training.ProgressListener}, so both publish the same meters under the same names
 * ({@link KdMetrics}). Meters of a job are registered at its first step and keep their last values
 * once the job ends, so a scrape after a short job still sees its figures.
 *
 * <p>Only the newest jobs keep meters (the jobs a worker runs at once, and one more): a job id is a
 * tag, so a worker that kept every job's meters would grow its registry (and every scrape) with
 * each job it ever ran. Registering a job's meters removes those of the oldest job beyond that,
 * which has ended. Its figures remain on the progress topic.
 */
public final class TrainingMeters {

    /** Jobs whose meters stay registered by default: the running one and the one before it. */
    public static final int DEFAULT_RETAINED_JOBS = 2;

    private final MeterRegistry registry;
    private final String role;
    private final int retainedJobs;
    // insertion order: the eldest entry is the job registered first
    private final Map<String, JobMeters> jobs = new LinkedHashMap<>();

    /**
     * Creates the meters of a role.
     *
     * @param registry the service's registry
     * @param role {@code teacher} or {@code student}
     */
    public TrainingMeters(MeterRegistry registry, String role) {
        this(registry, role, DEFAULT_RETAINED_JOBS);
    }

    /**
     * Creates the meters of a role that runs several jobs at once.
     *
     * @param registry the service's registry
     * @param role {@code teacher} or {@code student}
     * @param retainedJobs how many of the newest jobs keep meters: more than run at once
     */
    public TrainingMeters(MeterRegistry registry, String role, int retainedJobs) {
        if (retainedJobs < 1) {
            throw new IllegalArgumentException("retainedJobs must be >= 1, got " + retainedJobs);
        }
        this.registry = registry;
        this.role = role;
        this.retainedJobs = retainedJobs;
    }

    /**
     * Returns the meters of a job, registering them on first use.
     *
     * @param jobId the student job id or teacher training id
     * @param model the registry name of the architecture being trained
     * @return the job's meters
     */
    public synchronized JobMeters job(String jobId, String model) {
        JobMeters meters =
                jobs.computeIfAbsent(
                        jobId,
                        id ->
                                new JobMeters(
                                        registry,
                                        Tags.of(
                                                KdMetrics.TAG_JOB,
                                                id,
                                                KdMetrics.TAG_MODEL,
                                                model,
                                                KdMetrics.TAG_ROLE,
                                                role)));
        Iterator<JobMeters> eldest = jobs.values().iterator();
        while (jobs.size() > retainedJobs) {
            eldest.next().remove(registry);
            eldest.remove();
        }
        return meters;
    }

    /** The meters of one job; call from the training thread. */
    public static final class JobMeters {

        private final List<Meter> registered = new ArrayList<>();
        private final Timer step;
        private volatile double samplesPerSecond;
        private volatile double loss = Double.NaN;
        private volatile double epoch;
        private long lastStepNanos;

        private JobMeters(MeterRegistry registry, Tags tags) {
            this.step =
                    Timer.builder(KdMetrics.TRAINING_STEP)
                            .description("Wall time of one training step")
                            .tags(tags)
                            .register(registry);
            registered.add(step);
            registered.add(
                    Gauge.builder(
                                    KdMetrics.TRAINING_SAMPLES_PER_SECOND,
                                    this,
                                    m -> m.samplesPerSecond)
                            .description("Training images per second since the job started")
                            .tags(tags)
                            .register(registry));
            registered.add(
                    Gauge.builder(KdMetrics.TRAINING_LOSS, this, m -> m.loss)
                            .description("Latest training loss: a step's, then the epoch's mean")
                            .tags(tags)
                            .register(registry));
            registered.add(
                    Gauge.builder(KdMetrics.TRAINING_EPOCH, this, m -> m.epoch)
                            .description("The epoch the job is in, from 1")
                            .tags(tags)
                            .register(registry));
        }

        /** Removes this job's meters from the registry. */
        private void remove(MeterRegistry registry) {
            registered.forEach(registry::remove);
        }

        /**
         * Records a training step: the time since the previous step of the same epoch, the loss,
         * the throughput and the epoch.
         *
         * @param p the step's progress
         */
        public void step(StepProgress p) {
            long now = System.nanoTime();
            if (lastStepNanos != 0) {
                step.record(now - lastStepNanos, TimeUnit.NANOSECONDS);
            }
            lastStepNanos = now;
            loss = p.loss();
            samplesPerSecond = p.samplesPerSecond();
            epoch = p.epoch();
        }

        /**
         * Records an epoch's end. The next step is not timed from here: the time between epochs is
         * evaluation and checkpointing, not a step.
         *
         * @param s the epoch's summary
         */
        public void epoch(EpochSummary s) {
            lastStepNanos = 0;
            loss = s.meanLoss();
            samplesPerSecond = s.samplesPerSecond();
            epoch = s.epoch();
        }
    }
}
