package io.kdstream.student.messaging;

import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.StudentCheckpoint;
import io.kdstream.student.training.JobCheckpoints;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds a job's latest checkpoint on the models topic when the job starts, to resume it.
 *
 * <p>Student checkpoints are keyed by job id, so Kafka's default partitioner put all of a job's
 * checkpoints in one partition: murmur2(key) modulo the partition count. A short-lived consumer
 * reads that partition from the beginning to its current end and decodes only the records keyed by
 * the job id. That is a linear scan of one partition per job start: fine at this scale (a few
 * hundred KB per checkpoint, a few checkpoints per job); a deployment with many thousands of jobs
 * would keep a compacted "latest checkpoint per job" topic instead.
 *
 * <p>With {@code kd.security.require-producer-identity} on, a record not produced by the student
 * service is skipped (and logged): a forged checkpoint must not become the one a job resumes from.
 */
@ApplicationScoped
public class KafkaJobCheckpoints implements JobCheckpoints {

    private final TopicReader reader;
    private final String topic;
    private final ProducerIdentity identity;

    KafkaJobCheckpoints(TopicReader reader, StudentConfig config, ProducerIdentity identity) {
        this.reader = reader;
        this.identity = identity;
        this.topic = config.topics().prefix() + KdTopics.MODELS;
    }

    @Override
    public List<StudentCheckpoint> newestFirst(String jobId) {
        int partitions;
        try (KafkaConsumer<String, byte[]> consumer = reader.newConsumer("checkpoint-lookup")) {
            partitions = reader.partitionsOf(consumer, topic).size();
        }
        if (partitions == 0) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        int partition = partitionForKey(jobId, partitions);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        reader.readAll(
                topic,
                List.of(partition),
                record -> {
                    if (jobId.equals(record.key())
                            && record.value() != null
                            && identity.acceptsCheckpoint(ModelRole.STUDENT, record)) {
                        found.add(record);
                    }
                });
        List<Saved> saved = new ArrayList<>();
        try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
            for (ConsumerRecord<String, byte[]> record : found) {
                try {
                    ModelCheckpoint avro = deserializer.deserialize(topic, record.value());
                    int attempt = avro.getAttempt() == null ? 0 : avro.getAttempt();
                    saved.add(
                            new Saved(
                                    ModelCheckpointMapper.fromAvro(avro),
                                    attempt,
                                    record.offset()));
                } catch (RuntimeException e) {
                    Log.warnf(
                            "Job %s: record %s-%d@%d on the models topic is not a usable student"
                                    + " checkpoint (%s); ignored",
                            jobId, topic, record.partition(), record.offset(), e.getMessage());
                }
            }
        }
        // the most epochs first; of equal epochs, the newer attempt (an older one's record can
        // arrive late from a worker that lost the job), then the later record
        return saved.stream()
                .sorted(
                        Comparator.comparingInt((Saved c) -> c.checkpoint().epoch())
                                .thenComparingInt(Saved::attempt)
                                .thenComparingLong(Saved::offset)
                                .reversed())
                .map(Saved::checkpoint)
                .toList();
    }

    /** A decoded checkpoint with what orders it among its job's others. */
    private record Saved(StudentCheckpoint checkpoint, int attempt, long offset) {}

    /** The partition Kafka's default partitioner gives a keyed record. */
    static int partitionForKey(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
