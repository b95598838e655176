package io.kdstream.teacher.messaging;

import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.training.TeacherCheckpoints;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Finds a teacher checkpoint on the models topic by its model id, for a re-stream, or by what it
 * records, for a restarted teacher that looks for its own finished training.
 *
 * <p>A {@link TopicReader} reads the topic from the beginning up to the end offsets it saw when it
 * started, and the last record whose key is the model id wins (teacher checkpoints are keyed by
 * model id). Only that record is decoded, so a malformed record elsewhere on the topic does not get
 * in the way. With {@code kd.security.require-producer-identity} on, a record the teacher did not
 * produce is skipped (and logged), so a forged checkpoint is neither re-streamed nor taken for this
 * teacher's finished training.
 */
@ApplicationScoped
public class ModelCheckpointFetcher implements TeacherCheckpoints {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TopicReader reader;
    private final String topic;
    private final ProducerIdentity identity;

    ModelCheckpointFetcher(
            KafkaClientConfig kafka, TeacherConfig config, ProducerIdentity identity) {
        this.identity = identity;
        this.reader = new TopicReader(kafka, "teacher-service", TIMEOUT);
        this.topic = config.topics().prefix() + KdTopics.MODELS;
    }

    @Override
    public Optional<TeacherCheckpoint> fetch(String modelId) {
        long start = System.nanoTime();
        byte[][] found = {null};
        reader.readAll(
                topic,
                List.of(),
                record -> {
                    if (modelId.equals(record.key())
                            && record.value() != null
                            && identity.acceptsCheckpoint(ModelRole.TEACHER, record)) {
                        found[0] = record.value();
                    }
                });
        Log.debugf(
                "Scanned %s for %s in %.1f s", topic, modelId, (System.nanoTime() - start) / 1e9);
        if (found[0] == null) {
            return Optional.empty();
        }
        ModelCheckpoint record;
        try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
            record = deserializer.deserialize(topic, found[0]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "checkpoint " + modelId + " on " + topic + " does not decode: " + e, e);
        }
        return Optional.of(ModelCheckpointMapper.fromAvro(record));
    }

    @Override
    public Optional<TeacherCheckpoint> newest(Predicate<TeacherCheckpoint> wanted) {
        long start = System.nanoTime();
        TeacherCheckpoint[] newest = {null};
        try (ModelCheckpointDeserializer deserializer = new ModelCheckpointDeserializer()) {
            reader.readAll(
                    topic,
                    List.of(),
                    record -> {
                        TeacherCheckpoint checkpoint = teacherCheckpoint(deserializer, record);
                        if (checkpoint != null
                                && (newest[0] == null
                                        || checkpoint.createdAt().isAfter(newest[0].createdAt()))
                                && wanted.test(checkpoint)) {
                            newest[0] = checkpoint;
                        }
                    });
        }
        Log.debugf(
                "Scanned %s for teacher checkpoints in %.1f s",
                topic, (System.nanoTime() - start) / 1e9);
        return Optional.ofNullable(newest[0]);
    }

    /** The record as a teacher checkpoint; {@code null} for a student's or one that fails. */
    private TeacherCheckpoint teacherCheckpoint(
            ModelCheckpointDeserializer deserializer, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            ModelCheckpoint decoded = deserializer.deserialize(topic, record.value());
            return decoded.getRole() == ModelRole.TEACHER
                            && identity.acceptsCheckpoint(ModelRole.TEACHER, record)
                    ? ModelCheckpointMapper.fromAvro(decoded)
                    : null;
        } catch (RuntimeException e) {
            Log.debugf(
                    "Record at %s-%d@%d does not decode: %s",
                    topic, record.partition(), record.offset(), e);
            return null;
        }
    }
}
