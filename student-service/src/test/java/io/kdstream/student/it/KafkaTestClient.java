package io.kdstream.student.it;

import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.codec.StudentJobSerializer;
import io.kdstream.core.codec.TrainingProgressDeserializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Plain Kafka clients for the ITs: writes records as the teacher and the evaluator would, and reads
 * topics back from the beginning, with no consumer group. Topic names get the test's prefix; the
 * sending and reading itself is the shared {@link TopicRecords}.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration TIMEOUT = TopicRecords.TIMEOUT;

    private final String bootstrapServers;
    private final String prefix;
    private final TopicRecords records;

    /**
     * Creates the client and the prefix's topics, as a service would at start.
     *
     * @param bootstrapServers the test broker
     * @param prefix the topic prefix of the test, such as {@code "resume."}
     */
    public KafkaTestClient(String bootstrapServers, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        TopicProvisioner.ensure(KafkaClientConfig.of(bootstrapServers), KdTopics.all(prefix), 60);
        this.records = new TopicRecords(bootstrapServers);
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
        return records.send(topic(suffix), partition, key, value);
    }

    /**
     * Sends a record that claims a producer, as that service's {@code ProducerIdentityInterceptor}
     * would mark it, and waits for the broker.
     *
     * @param suffix the topic without prefix
     * @param key the key
     * @param value the value bytes
     * @param producer the {@value ProducerIdentity#HEADER} header, or {@code null} for none
     * @return where it landed
     */
    public RecordMetadata sendAs(String suffix, String key, byte[] value, String producer) {
        List<Header> headers =
                producer == null
                        ? List.of()
                        : List.of(
                                new RecordHeader(
                                        ProducerIdentity.HEADER,
                                        producer.getBytes(StandardCharsets.UTF_8)));
        return records.send(topic(suffix), null, key, value, headers);
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
        return records.readAll(topic(suffix));
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
        return checkpoints(jobId, r -> true);
    }

    /**
     * The checkpoints of a job whose {@value ProducerIdentity#HEADER} header names a producer.
     *
     * @param jobId the job
     * @param producer the identity, e.g. {@code student-service}
     * @return its checkpoints from that producer, in order
     */
    public List<ModelCheckpoint> checkpointsFrom(String jobId, String producer) {
        return checkpoints(
                jobId, r -> ProducerIdentity.of(r.headers()).filter(producer::equals).isPresent());
    }

    private List<ModelCheckpoint> checkpoints(
            String jobId, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        List<ModelCheckpoint> checkpoints = new ArrayList<>();
        try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
            readAll(KdTopics.MODELS).stream()
                    .filter(r -> jobId.equals(r.key()) && wanted.test(r))
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .forEach(r -> checkpoints.add(deserializer.deserialize(r.topic(), r.value())));
        }
        return checkpoints;
    }

    @Override
    public void close() {
        records.close();
    }
}
