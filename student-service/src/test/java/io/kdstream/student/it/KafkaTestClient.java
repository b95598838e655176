package io.kdstream.student.it;

import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.codec.StudentJobSerializer;
import io.kdstream.core.codec.TrainingProgressDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TrainingProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for the ITs: writes records as the teacher and the evaluator would, and reads
 * topics back from the beginning, with no consumer group. Topic names get the test's prefix.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // the test JVM has no Quarkus logging configuration: without this, every short-lived
    // consumer prints its whole configuration (kept in a field so the setting is not collected)
    private static final java.util.logging.Logger KAFKA_LOG =
            java.util.logging.Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final String bootstrapServers;
    private final String prefix;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * Creates the client and the prefix's topics, as a service would at start.
     *
     * @param bootstrapServers the test broker
     * @param prefix the topic prefix of the test, such as {@code "resume."}
     */
    public KafkaTestClient(String bootstrapServers, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        TopicProvisioner.ensure(bootstrapServers, KdTopics.all(prefix), 60);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(10 << 20));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** The topic name with the test's prefix. */
    public String topic(String suffix) {
        return prefix + suffix;
    }

    /**
     * Sends a record and waits for the broker.
     *
     * @param suffix the topic without prefix
     * @param partition the partition, or {@code null} for the key's
     * @param key the key
     * @param value the value bytes
     * @return where it landed
     */
    public RecordMetadata send(String suffix, Integer partition, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic(suffix), partition, key, value))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic(suffix), e);
        }
    }

    /**
     * Submits a job, keyed by its id.
     *
     * @param job the job
     * @param partition the student-jobs partition, or {@code null} for the key's
     * @return where it landed
     */
    public RecordMetadata submit(StudentJob job, Integer partition) {
        try (StudentJobSerializer serializer = new StudentJobSerializer()) {
            return send(
                    KdTopics.STUDENT_JOBS,
                    partition,
                    job.getJobId(),
                    serializer.serialize(topic(KdTopics.STUDENT_JOBS), job));
        }
    }

    /**
     * Returns how many records of a topic a share group has not finished (accepted, rejected or
     * archived): waiting jobs plus jobs a worker holds.
     *
     * @param group the share group
     * @param suffix the topic without prefix
     * @return the broker's lag, summed over the partitions the group has state for
     */
    public long shareLag(String group, String suffix) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin
                    .listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(topic(suffix)))
                    .mapToLong(e -> e.getValue().lag().orElse(0L))
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of share group " + group, e);
        }
    }

    /**
     * Returns how many members of a share group the broker has assigned a partition of a topic: a
     * worker that has subscribed takes no job before its first heartbeat brings it one.
     *
     * @param group the share group
     * @param suffix the topic without prefix
     * @return the members with a partition of the topic; 0 while the group does not exist
     */
    public long assignedShareMembers(String group, String suffix) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin
                    .describeShareGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .members()
                    .stream()
                    .filter(
                            m ->
                                    m.assignment().topicPartitions().stream()
                                            .anyMatch(tp -> tp.topic().equals(topic(suffix))))
                    .count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            return 0;
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe share group " + group, e);
        }
    }

    /** Every record of a topic, from the beginning to the end offsets seen now. */
    public List<ConsumerRecord<String, byte[]>> readAll(String suffix) {
        String topic = topic(suffix);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** The progress records of a job, in the order of the (single) partition its key maps to. */
    public List<TrainingProgress> progress(String jobId) {
        List<TrainingProgress> ticks = new ArrayList<>();
        try (TrainingProgressDeserializer deserializer = new TrainingProgressDeserializer()) {
            readAll(KdTopics.TRAINING_PROGRESS).stream()
                    .filter(r -> jobId.equals(r.key()))
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .forEach(r -> ticks.add(deserializer.deserialize(r.topic(), r.value())));
        }
        return ticks;
    }

    /** The checkpoints of a job (records keyed by the job id on the models topic), in order. */
    public List<ModelCheckpoint> checkpoints(String jobId) {
        List<ModelCheckpoint> checkpoints = new ArrayList<>();
        try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
            readAll(KdTopics.MODELS).stream()
                    .filter(r -> jobId.equals(r.key()))
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .forEach(r -> checkpoints.add(deserializer.deserialize(r.topic(), r.value())));
        }
        return checkpoints;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    @Override
    public void close() {
        producer.close();
    }
}
