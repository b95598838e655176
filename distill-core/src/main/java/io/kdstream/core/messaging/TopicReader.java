package io.kdstream.core.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Short-lived plain consumers for reading topics without a consumer group: the student's look-ups
 * of teacher runs and checkpoints and its replay of logit records, the teacher's look-up of a
 * checkpoint to re-stream.
 *
 * <p>Every consumer it makes reads without a group, never commits, never auto-creates a topic and
 * fails on a seek outside a partition's offsets instead of jumping.
 *
 * <p>Values stay bytes, so that each caller decodes only the records it needs, and one malformed
 * record elsewhere on a topic never gets in the way.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClientConfig kafka;
    private final String service;
    private final Duration timeout;

    /**
     * Creates a reader.
     *
     * @param kafka the service's Kafka client settings
     * @param service names the consumers in the broker's logs ({@code <service>-<what>})
     * @param timeout how long one read may take
     */
    public TopicReader(KafkaClientConfig kafka, String service, Duration timeout) {
        this.kafka = kafka;
        this.service = service;
        this.timeout = timeout;
    }

    /**
     * Returns how long one read may take.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Reads partitions of a topic from their beginning to the end offsets they have now.
     *
     * @param topic the topic
     * @param partitions which partitions; empty means all
     * @param onRecord gets every record, in offset order per partition
     * @throws KafkaUnavailableException if the records cannot be read within the timeout
     */
    public void readAll(
            String topic,
            List<Integer> partitions,
            Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        try (KafkaConsumer<String, byte[]> consumer = newConsumer(topic + "-reader")) {
            List<TopicPartition> assigned =
                    (partitions.isEmpty() ? partitionsOf(consumer, topic) : partitions)
                            .stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaUnavailableException(
                            "could not read "
                                    + topic
                                    + " to its end "
                                    + end
                                    + " within "
                                    + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        onRecord.accept(record);
                    }
                }
            }
        }
    }

    /**
     * Reads a whole topic and keeps the last value of each key, as compaction would: a null value
     * (a tombstone) removes its key, and records without a key are skipped. Every kept value is
     * held in memory, so this is for small topics such as the teacher-runs topic.
     *
     * @param topic the topic
     * @return the last value of each key, in the order the keys were first seen
     * @throws KafkaUnavailableException if the records cannot be read within the timeout
     */
    public Map<String, byte[]> latestByKey(String topic) {
        return latestByKey(topic, record -> true);
    }

    /**
     * Reads a whole topic and keeps the last value of each key among the records a filter accepts,
     * as {@link #latestByKey(String)} does: a record it refuses, tombstone or not, neither replaces
     * nor removes the value before it, so a forged record cannot hide the genuine one.
     *
     * @param topic the topic
     * @param accepted whether a record counts; it logs what it refuses
     * @return the last accepted value of each key, in the order the keys were first seen
     * @throws KafkaUnavailableException if the records cannot be read within the timeout
     */
    public Map<String, byte[]> latestByKey(
            String topic, Predicate<ConsumerRecord<String, byte[]>> accepted) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        readAll(
                topic,
                List.of(),
                record -> {
                    if (record.key() == null || !accepted.test(record)) {
                        return;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                });
        return latest;
    }

    /**
     * Returns the partition numbers of a topic.
     *
     * @param consumer any consumer
     * @param topic the topic
     * @return the partitions, ascending
     */
    public List<Integer> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, timeout).stream()
                .map(p -> p.partition())
                .sorted()
                .toList();
    }

    /**
     * Creates a consumer without a group that reads keys as strings and values as bytes; seeks
     * outside a partition's offsets fail instead of jumping.
     *
     * @param clientId names the consumer in the broker's logs
     * @return the consumer; the caller closes it
     */
    public KafkaConsumer<String, byte[]> newConsumer(String clientId) {
        return new KafkaConsumer<>(properties(clientId, 16 << 20));
    }

    /**
     * Creates a consumer for reading a teacher run in segments, at offsets the manifest says exist.
     *
     * <p>Each segment starts with a seek, which throws away whatever the consumer had fetched
     * beyond the previous one, so a fetch larger than a segment is read, sent and checked for
     * nothing; and a fetch at the end of the log waits {@code fetch.max.wait.ms} for records that
     * will never come. Both together made a student train at a quarter of its speed, its thread
     * waiting on the broker. Here a fetch is about one segment and never waits for more data.
     *
     * @param clientId names the consumer in the broker's logs
     * @param segmentBytes about how many bytes one segment of records takes
     * @return the consumer; the caller closes it
     */
    public KafkaConsumer<String, byte[]> newSegmentConsumer(String clientId, long segmentBytes) {
        int fetchBytes = (int) Math.min(16 << 20, Math.max(1 << 20, segmentBytes));
        Properties props = properties(clientId, fetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        return new KafkaConsumer<>(props);
    }

    /** A consumer's settings: the shared ones, and this reader's. Package-private for tests. */
    Properties properties(String clientId, int partitionFetchBytes) {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-" + clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // a look-up must never create a topic with the broker's default partition count
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                String.valueOf(partitionFetchBytes));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return props;
    }

    private static boolean reached(
            KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
