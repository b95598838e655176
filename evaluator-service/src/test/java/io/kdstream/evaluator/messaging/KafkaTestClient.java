package io.kdstream.evaluator.messaging;

import io.kdstream.broker.testing.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plain Kafka clients for the integration tests: what goes on the wire, bytes and headers included.
 * Sending is the shared {@link TopicRecords}; reading here waits for records still to come, which a
 * read to the end offsets seen now would miss.
 */
final class KafkaTestClient {

    private final String bootstrapServers;

    KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    <V> void send(String topic, Integer partition, String key, V value, Serializer<V> serializer) {
        try (TopicRecords records = new TopicRecords(bootstrapServers)) {
            records.send(topic, partition, key, value, serializer);
        }
    }

    /**
     * Sends one record with headers, such as the {@code kd-producer} a service writes, and waits
     * for the broker's acknowledgement.
     */
    void send(String topic, Integer partition, String key, byte[] value, List<Header> headers) {
        try (TopicRecords records = new TopicRecords(bootstrapServers)) {
            records.send(topic, partition, key, value, headers);
        }
    }

    /**
     * Reads a topic from the beginning until {@code count} records match, or the time is up.
     *
     * @return the matching records, possibly fewer than {@code count}
     */
    <V> List<ConsumerRecord<String, V>> read(
            String topic,
            Deserializer<V> deserializer,
            Predicate<ConsumerRecord<String, V>> match,
            int count,
            Duration timeout) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), deserializer)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
