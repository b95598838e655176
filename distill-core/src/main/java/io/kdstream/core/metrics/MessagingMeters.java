package io.kdstream.core.metrics;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.ShareGroupLag;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The Kafka counters every service keeps: records the broker acknowledged, by topic ({@code
 * kd_records_published_total}), and records refused and sent to the dead-letter topic, by the
 * channel that met them ({@code kd_dead_letters_total}).
 *
 * <p>and the backlog of a share group on a topic ({@code kd_consumer_lag}).
 *
 * <p>A service registers its topics and channels at start with {@link #register}, so that every
 * counter is on {@code /q/metrics} at zero before the first record: a Prometheus {@code rate()}
 * needs the zero to see the first increment.
 */
public final class MessagingMeters {

    private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    /**
     * Creates the counters of a service.
     *
     * @param registry the service's registry
     */
    public MessagingMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers counters at zero.
     *
     * @param topics the topics the service publishes to, prefix included
     * @param channels the channels that may dead-letter a record
     * @return this
     */
    public MessagingMeters register(Collection<String> topics, Collection<String> channels) {
        topics.forEach(this::publishedCounter);
        channels.forEach(this::deadLetterCounter);
        return this;
    }

    /**
     * Counts a record the broker acknowledged.
     *
     * @param topic the topic, prefix included
     */
    public void published(String topic) {
        publishedCounter(topic).increment();
    }

    /**
     * Counts a record a channel refused and sent to the dead-letter topic.
     *
     * @param channel the incoming channel (or the topic a replay read it from)
     */
    public void deadLetter(String channel) {
        deadLetterCounter(channel).increment();
    }

    /**
     * Registers the gauge of a share group's backlog on a topic.
     *
     * @param group the share group
     * @param topic the topic, prefix included
     * @param lag the latest measured lag, NaN when unknown (see {@link
     *     io.kdstream.core.messaging.ShareGroupLag})
     */
    public void consumerLag(String group, String topic, DoubleSupplier lag) {
        Gauge.builder(KdMetrics.CONSUMER_LAG, lag, DoubleSupplier::getAsDouble)
                .description(
                        "Records of the topic the share group has not finished yet (student-jobs: jobs waiting or training)")
                .tags(KdMetrics.TAG_GROUP, group, KdMetrics.TAG_TOPIC, topic)
                // Micrometer holds a gauge's object weakly: a lambda nobody else keeps would be
                // collected and the gauge would read NaN
                .strongReference(true)
                .register(registry);
    }

    /**
     * Registers the gauge of a share group's backlog on a topic and, when asked to, starts
     * measuring it against the broker; unmeasured, the gauge reads NaN.
     *
     * @param kafka the Kafka client settings
     * @param group the share group
     * @param topic the topic, prefix included
     * @param measure whether to measure (off in tests without a broker)
     * @return the running measurement, to close at shutdown; empty when not measured
     */
    public Optional<ShareGroupLag> consumerLag(
            KafkaClientConfig kafka, String group, String topic, boolean measure) {
        ShareGroupLag lag = measure ? ShareGroupLag.start(kafka, group, topic, LAG_INTERVAL) : null;
        consumerLag(group, topic, lag == null ? () -> Double.NaN : lag::value);
        return Optional.ofNullable(lag);
    }

    private Counter publishedCounter(String topic) {
        return published.computeIfAbsent(
                topic,
                t ->
                        Counter.builder(KdMetrics.RECORDS_PUBLISHED)
                                .description("Records the broker acknowledged")
                                .tag(KdMetrics.TAG_TOPIC, t)
                                .register(registry));
    }

    private Counter deadLetterCounter(String channel) {
        return deadLetters.computeIfAbsent(
                channel,
                c ->
                        Counter.builder(KdMetrics.DEAD_LETTERS)
                                .description("Records a channel sent to the dead-letter topic")
                                .tag(KdMetrics.TAG_CHANNEL, c)
                                .register(registry));
    }
}
