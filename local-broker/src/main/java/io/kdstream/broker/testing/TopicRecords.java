package io.kdstream.broker.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for the tests of every module: sends a record and waits for the broker, reads
 * a topic (or a range of one partition) back with no consumer group and no commits. Keys are
 * strings, values bytes, so a test decodes with the codec it checks.
 *
 * <p>Why here: each service's tests read and wrote topics with their own copy of this code; this
 * module is the one test dependency they all share. It uses only the Kafka client API, which the
 * services have on their test classpath anyway (the same version as the broker's, see the root
 * pom), so nothing is added to what they load.
 */
public final class TopicRecords implements AutoCloseable {

    /** How long one send or one read may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    // the test JVM has no Quarkus logging configuration: without this, every short-lived
    // consumer prints its whole configuration (kept in a field so the setting is not collected)
    private static final java.util.logging.Logger KAFKA_LOG =
            java.util.logging.Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final String bootstrapServers;
    private final Map<String, String> security;
    private KafkaProducer<String, byte[]> producer;

    /**
     * Creates the clients of a broker; the producer is made on the first send.
     *
     * @param bootstrapServers the test broker
     */
    public TopicRecords(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * Creates the clients of a secured broker.
     *
     * @param bootstrapServers the test broker
     * @param security client keys added to every client, e.g. {@code security.protocol}, {@code
     *     sasl.jaas.config} and the trust store (see {@link SecureClients})
     */
    public TopicRecords(String bootstrapServers, Map<String, String> security) {
        this.bootstrapServers = bootstrapServers;
        this.security = Map.copyOf(security);
    }

    /**
     * Sends a record and waits for the broker's acknowledgement.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null} for the key's
     * @param key the key
     * @param value the value bytes
     * @return where it landed
     * @throws IllegalStateException if the broker does not take it in time
     */
    public RecordMetadata send(String topic, Integer partition, String key, byte[] value) {
        return send(topic, partition, key, value, List.of());
    }

    /**
     * Sends a record with headers and waits for the broker's acknowledgement.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null} for the key's
     * @param key the key
     * @param value the value bytes
     * @param headers the record's headers, e.g. the producer identity a service would write
     * @return where it landed
     * @throws IllegalStateException if the broker does not take it in time
     */
    public RecordMetadata send(
            String topic, Integer partition, String key, byte[] value, Iterable<Header> headers) {
        try {
            return producer()
                    .send(new ProducerRecord<>(topic, partition, key, value, headers))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /**
     * Encodes a value with a serializer, sends it and waits for the broker's acknowledgement.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null} for the key's
     * @param key the key
     * @param value the value
     * @param serializer the codec under test
     * @param <V> the value type
     * @return where it landed
     * @throws IllegalStateException if the broker does not take it in time
     */
    public <V> RecordMetadata send(
            String topic, Integer partition, String key, V value, Serializer<V> serializer) {
        return send(topic, partition, key, serializer.serialize(topic, value));
    }

    /**
     * Returns every record of a topic, from the beginning to the end offsets seen now.
     *
     * @param topic the topic
     * @return the records, in offset order per partition
     * @throws IllegalStateException if they cannot be read in time
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return readTo(topic, consumer, consumer.endOffsets(partitions, TIMEOUT));
        }
    }

    /**
     * Returns the records at offsets [start, end) of one partition.
     *
     * @param topic the topic
     * @param partition the partition
     * @param start the first offset
     * @param end one past the last offset
     * @return the records, in offset order
     * @throws IllegalStateException if they cannot be read in time
     */
    public List<ConsumerRecord<String, byte[]>> readRange(
            String topic, int partition, long start, long end) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, start);
            return readTo(topic, consumer, Map.of(tp, end)).stream()
                    .filter(r -> r.offset() < end)
                    .toList();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readTo(
            String topic, KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (end.entrySet().stream()
                .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "could not read " + topic + " to " + end + " in " + TIMEOUT);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(security);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /**
     * The services' producer settings: every record acknowledged by all, once, lz4 as the teacher.
     */
    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.putAll(security);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(10 << 20));
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Closes the producer, if a send made one. */
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
