package io.kdstream.student.metrics;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ShareGroupLag;
import io.kdstream.core.metrics.KdMetrics;
import io.kdstream.core.metrics.MessagingMeters;
import io.kdstream.core.metrics.TrainingMeters;
import io.kdstream.student.config.StudentConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Optional;

/**
 * A worker's own Micrometer meters, served with the JVM and Kafka client meters at {@code
 * /q/metrics}: the training meters of each job ({@code kd_training_*}, tagged job, model and role
 * student), records the broker acknowledged per topic, dead letters per source, and the backlog of
 * the workers' share group on the student-jobs topic ({@code kd_consumer_lag}: jobs submitted and
 * not yet finished, the figure to scale workers on).
 *
 * <p>Why a measured lag and not the Kafka client's: a share consumer holds one job for hours and
 * has no records-lag of its own; the broker counts what the group has not finished.
 */
@ApplicationScoped
public class StudentMetrics {

    /** Dead letters of job records the worker cannot decode. */
    public static final String JOBS_SOURCE = "student-jobs";

    /** Dead letters of malformed teacher logit records met during a replay. */
    public static final String LOGITS_SOURCE = "teacher-logits";

    private static final List<String> PUBLISHED_TOPICS =
            List.of(
                    KdTopics.MODELS,
                    KdTopics.TRAINING_PROGRESS,
                    KdTopics.JOB_STATES,
                    KdTopics.DEAD_LETTERS);

    private final StudentConfig config;
    private final KafkaClientConfig kafka;
    private final String group;
    private final MeterRegistry registry;
    private final TrainingMeters training;
    private final MessagingMeters messaging;
    private volatile Optional<ShareGroupLag> jobsLag = Optional.empty();

    public StudentMetrics(MeterRegistry registry, StudentConfig config, KafkaClientConfig kafka) {
        this.config = config;
        this.kafka = kafka;
        this.group = config.student().group();
        this.registry = registry;
        // the jobs of every training slot, and the last one to end
        this.training = new TrainingMeters(registry, "student", config.student().slots() + 1);
        this.messaging = new MessagingMeters(registry);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        String prefix = config.topics().prefix();
        messaging.register(
                PUBLISHED_TOPICS.stream().map(t -> prefix + t).toList(),
                List.of(JOBS_SOURCE, LOGITS_SOURCE));
        jobsLag =
                messaging.consumerLag(
                        kafka, group, prefix + KdTopics.STUDENT_JOBS, config.topics().create());
    }

    void onStop(@Observes ShutdownEvent event) {
        jobsLag.ifPresent(ShareGroupLag::close);
    }

    /**
     * Returns the training meters of a job. Only the newest jobs keep meters (one more than {@code
     * kd.student.slots}), so the registry does not grow with the jobs a worker ran.
     *
     * @param jobId the job id
     * @param architecture the student's architecture
     * @return its meters
     */
    public TrainingMeters.JobMeters job(String jobId, String architecture) {
        return training.job(jobId, architecture);
    }

    /**
     * Counts a record the broker acknowledged.
     *
     * @param topicSuffix the topic without its prefix, a {@link KdTopics} constant
     */
    public void published(String topicSuffix) {
        messaging.published(config.topics().prefix() + topicSuffix);
    }

    /**
     * Counts teacher logit records a replay handed to training ({@code kd_replay_records_total}).
     *
     * @param source {@code kafka} (read from the broker) or {@code cache} (kept from an earlier
     *     epoch of the same job)
     * @param records how many
     */
    public void replayed(String source, int records) {
        Counter.builder(KdMetrics.REPLAY_RECORDS)
                .description("Teacher logit records a replay handed to training, by source")
                .tag("source", source)
                .register(registry)
                .increment(records);
    }

    /**
     * Counts a record sent to the dead-letter topic.
     *
     * @param source {@link #JOBS_SOURCE} or {@link #LOGITS_SOURCE}
     */
    public void deadLetter(String source) {
        messaging.deadLetter(source);
    }
}
