package io.kdstream.student.messaging;

import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.training.TeacherRuns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Looks a teacher run up on the teacher-runs topic when a job starts.
 *
 * <p>The topic is compacted and has one small manifest per run, so reading it from the beginning to
 * its current end with a short-lived consumer takes milliseconds and always sees the latest
 * manifest; an in-memory map fed by a channel would race with a job that arrives right after its
 * run completed. Only records keyed by the run id are decoded. With {@code
 * kd.security.require-producer-identity} on, a manifest not produced by the teacher is skipped (and
 * logged), so the run's genuine manifest before it stays the latest.
 */
@ApplicationScoped
public class KafkaTeacherRuns implements TeacherRuns {

    private final TopicReader reader;
    private final String topic;
    private final ProducerIdentity identity;

    KafkaTeacherRuns(TopicReader reader, StudentConfig config, ProducerIdentity identity) {
        this.reader = reader;
        this.identity = identity;
        this.topic = config.topics().prefix() + KdTopics.TEACHER_RUNS;
    }

    @Override
    public Optional<RunManifest> find(String runId) {
        // a tombstone (null value) means the run was deleted: no entry
        byte[] latest = reader.latestByKey(topic, identity::acceptsManifest).get(runId);
        if (latest == null) {
            return Optional.empty();
        }
        try (TeacherRunDeserializer deserializer = new TeacherRunDeserializer()) {
            return Optional.of(TeacherRunMapper.toDomain(deserializer.deserialize(topic, latest)));
        }
    }
}
