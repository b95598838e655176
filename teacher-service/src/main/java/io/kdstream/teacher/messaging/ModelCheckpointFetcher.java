package io.kdstream.teacher.messaging;

import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds a teacher checkpoint on the models topic by its model id, for a re-stream.
 *
 * <p>A short-lived consumer without a group assigns itself every partition, reads from the
 * beginning up to the end offsets it saw when it started, and keeps the last record whose key is
 * the model id (teacher checkpoints are keyed by model id). Only matching records are decoded, so
 * a malformed record elsewhere on the topic does not get in the way.
 */
@ApplicationScoped
public class ModelCheckpointFetcher {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;

    ModelCheckpointFetcher(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            TeacherConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.topic = config.topics().prefix() + KdTopics.MODELS;
    }

    /**
     * Looks a teacher checkpoint up.
     *
     * @param modelId the model id, such as {@code teacher-1a2b3c4d-e2}
     * @return the checkpoint, or empty if the topic holds none with that id
     * @throws IllegalArgumentException if the record with that id is not a teacher checkpoint or
     *     does not decode
     * @throws IllegalStateException if the topic cannot be read in time
     */
    public Optional<TeacherCheckpoint> fetch(String modelId) {
        long start = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            byte[] found = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (modelId.equals(record.key()) && record.value() != null) {
                        found = record.value();
                    }
                }
            }
            Log.debugf(
                    "Scanned %s for %s in %.1f s",
                    topic, modelId, (System.nanoTime() - start) / 1e9);
            if (found == null) {
                return Optional.empty();
            }
            ModelCheckpoint record;
            try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
                record = deserializer.deserialize(topic, found);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "checkpoint " + modelId + " on " + topic + " does not decode: " + e, e);
            }
            return Optional.of(ModelCheckpointMapper.fromAvro(record));
        }
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

    private Properties consumerConfig() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "teacher-service-checkpoint-lookup");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return props;
    }
}
