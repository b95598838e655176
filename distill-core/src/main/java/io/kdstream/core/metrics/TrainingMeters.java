package io.kdstream.core.metrics;

import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.StepProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The training meters of one role (teacher or student): samples per second, step time, loss and
 * epoch, each tagged with the job, the model architecture and the role.
 *
 * <p>The teacher-service and the student-service feed these from their {@link
 * io.kdstream.core.training.ProgressListener}, so both publish the same meters under the same names
 * ({@link KdMetrics}). Meters of a job are registered at its first step and keep their last values
 * once the job ends, so a scrape after a short job still sees its figures.
 */
public final class TrainingMeters {

    private final MeterRegistry registry;
    private final String role;
    private final Map<String, JobMeters> jobs = new ConcurrentHashMap<>();

    /**
     * Creates the meters of a role.
     *
     * @param registry the service's registry
     * @param role {@code teacher} or {@code student}
     */
    public TrainingMeters(MeterRegistry registry, String role) {
        this.registry = registry;
        this.role = role;
    }

    /**
     * Returns the meters of a job, registering them on first use.
     *
     * @param jobId the student job id or teacher training id
     * @param model the registry name of the architecture being trained
     * @return the job's meters
     */
    public JobMeters job(String jobId, String model) {
        return jobs.computeIfAbsent(
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
    }

    /** The meters of one job; call from the training thread. */
    public static final class JobMeters {

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
            Gauge.builder(KdMetrics.TRAINING_SAMPLES_PER_SECOND, this, m -> m.samplesPerSecond)
                    .description("Training images per second since the job started")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(KdMetrics.TRAINING_LOSS, this, m -> m.loss)
                    .description("Latest training loss: a step's, then the epoch's mean")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(KdMetrics.TRAINING_EPOCH, this, m -> m.epoch)
                    .description("The epoch the job is in, from 1")
                    .tags(tags)
                    .register(registry);
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
