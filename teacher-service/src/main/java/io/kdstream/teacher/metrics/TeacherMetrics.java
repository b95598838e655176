package io.kdstream.teacher.metrics;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.metrics.MessagingMeters;
import io.kdstream.core.metrics.TrainingMeters;
import io.kdstream.teacher.config.TeacherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;

/**
 * The teacher's own Micrometer meters, served with the JVM and Kafka client meters at {@code
 * /q/metrics}: the training meters of each teacher training ({@code kd_training_*}, tagged job,
 * model and role) and the records the broker acknowledged per topic ({@code
 * kd_records_published_total}: logit batches, manifests, checkpoints).
 *
 * <p>The counters are registered at start with zero, so every name is on {@code /q/metrics} before
 * the first record; the training meters of a training appear at its first step.
 */
@ApplicationScoped
public class TeacherMetrics {

    private static final List<String> PUBLISHED_TOPICS =
            List.of(KdTopics.TEACHER_LOGITS, KdTopics.TEACHER_RUNS, KdTopics.MODELS);

    private final String prefix;
    private final TrainingMeters training;
    private final MessagingMeters messaging;

    public TeacherMetrics(MeterRegistry registry, TeacherConfig config) {
        this.prefix = config.topics().prefix();
        this.training = new TrainingMeters(registry, "teacher");
        this.messaging = new MessagingMeters(registry);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        messaging.register(PUBLISHED_TOPICS.stream().map(t -> prefix + t).toList(), List.of());
    }

    /**
     * Returns the training meters of a teacher training.
     *
     * @param trainingId the training id
     * @param architecture the teacher's architecture
     * @return its meters
     */
    public TrainingMeters.JobMeters training(String trainingId, String architecture) {
        return training.job(trainingId, architecture);
    }

    /**
     * Counts a record the broker acknowledged.
     *
     * @param topicSuffix the topic without its prefix, a {@link KdTopics} constant
     */
    public void published(String topicSuffix) {
        messaging.published(prefix + topicSuffix);
    }
}
