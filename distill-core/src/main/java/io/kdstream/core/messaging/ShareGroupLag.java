package io.kdstream.core.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, in the background, how many records of a topic a share group has not finished yet.
 *
 * <p>For the student-jobs topic this is the number of jobs submitted but not done: waiting, or held
 * by a worker that trains them. A share group finishes a record when a worker accepts or rejects
 * it, or when the broker archives it after its last delivery. The lag is the broker's own count per
 * partition ({@link Admin#listShareGroupOffsets}, Kafka 4.2+), summed; for a partition the group
 * has no state for yet, all its records count (the workers' group starts from the earliest record).
 * It is read with an {@link Admin} client on a daemon thread every interval, so that a metrics
 * scrape never waits for the broker.
 */
public final class ShareGroupLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupLag.class);

    /**
     * How long a missing topic is expected rather than a problem: at start a service measures
     * before some other service has created the topic, or before the broker's metadata shows it.
     */
    static final Duration MISSING_TOPIC_GRACE = Duration.ofMinutes(2);

    private final String group;
    private final String topic;
    private final Admin admin;
    private final ScheduledExecutorService timer;
    private volatile double lag = Double.NaN;
    private volatile String lastFailure;
    private String warnedFailure;
    private String step;
    private final long startedNanos = System.nanoTime();

    private ShareGroupLag(KafkaClientConfig kafka, String group, String topic, Duration interval) {
        this.group = group;
        this.topic = topic;
        this.admin = Admin.create(adminProps(kafka, group, interval));
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "kd-lag-" + topic);
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The admin client's settings: the shared ones, and timeouts. Package-private for tests. */
    static Properties adminProps(KafkaClientConfig kafka, String group, Duration interval) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kd-lag-" + group);
        props.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) Math.max(interval.toMillis(), 5000));
        props.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.max(interval.toMillis(), 5000));
        return props;
    }

    /**
     * Starts measuring a share group's lag on a topic.
     *
     * @param kafka the Kafka client settings
     * @param group the share group
     * @param topic the topic
     * @param interval time between two measurements
     * @return the running measurement; close it to stop
     */
    public static ShareGroupLag start(
            KafkaClientConfig kafka, String group, String topic, Duration interval) {
        return new ShareGroupLag(kafka, group, topic, interval);
    }

    /**
     * Returns the latest measured lag.
     *
     * @return records the group has not finished, or NaN before the first measurement or while the
     *     broker does not answer
     */
    public double value() {
        return lag;
    }

    /**
     * Returns whether the latest measurement failed (the topic does not exist yet, the broker does
     * not answer); {@link #value()} is NaN then.
     *
     * @return {@code true} after a failed measurement, until one succeeds
     */
    public boolean failing() {
        return lastFailure != null;
    }

    private void refresh() {
        try {
            lag = measure();
            lastFailure = null;
            warnedFailure = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            String failure = step + ": " + e;
            lastFailure = failure;
            lag = Double.NaN;
            // once per kind of failure, not every interval (the gauge shows NaN meanwhile); by
            // class, since a timeout's message names its deadline and differs every time
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String kind = step + ": " + cause.getClass().getName();
            if (kind.equals(warnedFailure)) {
                return;
            }
            if (cause instanceof UnknownTopicOrPartitionException
                    && System.nanoTime() - startedNanos < MISSING_TOPIC_GRACE.toNanos()) {
                LOG.debug("No {} yet: {}", this, failure);
                return;
            }
            LOG.warn("Cannot measure the {}: {}", this, failure);
            warnedFailure = kind;
        }
    }

    private long measure() throws InterruptedException, ExecutionException, TimeoutException {
        step = "describe";
        List<TopicPartition> partitions =
                admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(
                tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
        step = "offsets";
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        step = "share group offsets";
        Map<TopicPartition, SharePartitionOffsetInfo> state =
                admin.listShareGroupOffsets(
                                Map.of(
                                        group,
                                        new ListShareGroupOffsetsSpec()
                                                .topicPartitions(partitions)))
                        .partitionsToOffsetInfo(group)
                        .get(30, TimeUnit.SECONDS);
        long total = 0;
        for (TopicPartition tp : partitions) {
            SharePartitionOffsetInfo info = state.get(tp);
            if (info != null && info.lag().isPresent()) {
                total += info.lag().get();
            } else {
                long from =
                        info == null
                                ? starts.get(tp).offset()
                                : Math.max(info.startOffset(), starts.get(tp).offset());
                total += Math.max(0, ends.get(tp).offset() - from);
            }
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "lag of share group " + group + " on " + topic;
    }
}
