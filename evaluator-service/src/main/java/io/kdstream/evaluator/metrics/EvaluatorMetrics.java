package io.kdstream.evaluator.metrics;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ShareGroupLag;
import io.kdstream.core.metrics.KdMetrics;
import io.kdstream.core.metrics.MessagingMeters;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.evaluation.DashboardEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The evaluator's own Micrometer meters, served with the JVM and Kafka client meters at {@code
 * /q/metrics}: test accuracy of the latest evaluated checkpoint per role ({@code
 * kd_evaluation_accuracy}, tagged role), records published per topic, dead letters per incoming
 * channel, and the student-jobs backlog of the student workers' share group ({@code
 * kd_consumer_lag}).
 *
 * <p>Accuracy gauges follow the evaluations on the {@link DashboardEvents} stream, the same one the
 * dashboard reads. There is one per role, not one per checkpoint: a gauge per checkpoint made the
 * registry (and every scrape) grow with history; each checkpoint's accuracy is at {@code
 * /api/evaluations}. Counters are registered at start with zero, so every name is on {@code
 * /q/metrics} before the first record.
 */
@ApplicationScoped
public class EvaluatorMetrics {

    /** The incoming channels, each with its dead-letter counter. */
    public static final List<String> INCOMING_CHANNELS =
            List.of(
                    "models",
                    "teacher-runs",
                    "training-progress",
                    "job-states",
                    "evaluation-log",
                    "student-job-log");

    /** Records skipped because they were dead-lettered before, per incoming channel. */
    static final String SKIPPED_DEAD_LETTERS = "kd.dead.letters.skipped";

    private static final List<String> PUBLISHED_TOPICS =
            List.of(KdTopics.EVALUATIONS, KdTopics.COMPARISONS, KdTopics.STUDENT_JOBS);

    private final MeterRegistry registry;
    private final DashboardEvents events;
    private final EvaluatorConfig config;
    private final KafkaClientConfig kafka;
    private final MessagingMeters messaging;
    private final Map<ModelRole, AtomicReference<Double>> accuracy = new ConcurrentHashMap<>();
    private volatile Optional<ShareGroupLag> studentJobsLag = Optional.empty();

    public EvaluatorMetrics(
            MeterRegistry registry,
            DashboardEvents events,
            EvaluatorConfig config,
            KafkaClientConfig kafka) {
        this.registry = registry;
        this.events = events;
        this.config = config;
        this.kafka = kafka;
        this.messaging = new MessagingMeters(registry);
    }

    /** Registers the meters before the channels start, and follows the evaluations. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        String prefix = config.topics().prefix();
        messaging.register(
                PUBLISHED_TOPICS.stream().map(t -> prefix + t).toList(), INCOMING_CHANNELS);
        // student jobs submitted and not yet finished: workers commit a job when it ends
        studentJobsLag =
                messaging.consumerLag(
                        kafka,
                        config.evaluator().studentGroup(),
                        prefix + KdTopics.STUDENT_JOBS,
                        config.topics().create());
        follow();
    }

    void onStop(@Observes ShutdownEvent event) {
        studentJobsLag.ifPresent(ShareGroupLag::close);
    }

    /**
     * Counts a record an incoming channel refused; the channel's failure strategy sends it to the
     * dead-letter topic.
     *
     * @param channel the incoming channel
     */
    public void deadLetter(String channel) {
        messaging.deadLetter(channel);
    }

    /**
     * Counts a record an incoming channel skipped because it is already on the dead-letter topic
     * (read again after a restart).
     *
     * @param channel the incoming channel
     */
    public void skippedDeadLetter(String channel) {
        registry.counter(SKIPPED_DEAD_LETTERS, KdMetrics.TAG_CHANNEL, channel).increment();
    }

    /**
     * Counts a record the broker acknowledged.
     *
     * @param topic the topic, prefix included
     */
    public void published(String topic) {
        messaging.published(topic);
    }

    private void follow() {
        events.stream()
                .subscribe()
                .with(
                        e -> {
                            if (DashboardEvent.EVALUATION.equals(e.type())
                                    && e.data() instanceof ModelEvaluation m) {
                                evaluated(m);
                            }
                        },
                        f -> {
                            Log.warnf(
                                    f,
                                    "Evaluation metrics lost their event stream; following it again");
                            follow();
                        });
    }

    private void evaluated(ModelEvaluation e) {
        accuracy.computeIfAbsent(
                        e.role(),
                        role -> {
                            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
                            Gauge.builder(
                                            KdMetrics.EVALUATION_ACCURACY,
                                            value,
                                            AtomicReference::get)
                                    .description(
                                            "Test accuracy of the latest evaluated checkpoint of"
                                                    + " the role, in [0, 1]")
                                    .tags(KdMetrics.TAG_ROLE, role.name().toLowerCase(Locale.ROOT))
                                    .register(registry);
                            return value;
                        })
                .set(e.accuracy());
    }
}
