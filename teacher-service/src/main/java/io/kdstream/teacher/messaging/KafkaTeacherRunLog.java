package io.kdstream.teacher.messaging;

import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.training.TeacherRunLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the teacher-runs topic from its start, group-less: the last manifest per run id is the
 * run's state (the topic is compacted by run id). A record that does not decode is skipped: it is
 * not a run this teacher could resume, close or reuse. With {@code
 * kd.security.require-producer-identity} on, so is one the teacher did not produce (logged): a
 * forged manifest must not make a restarted teacher resume or reuse a run it never streamed.
 */
@ApplicationScoped
public class KafkaTeacherRunLog implements TeacherRunLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TopicReader reader;
    private final String topic;
    private final ProducerIdentity identity;

    KafkaTeacherRunLog(KafkaClientConfig kafka, TeacherConfig config, ProducerIdentity identity) {
        this.identity = identity;
        this.reader = new TopicReader(kafka, "teacher-service", TIMEOUT);
        this.topic = config.topics().prefix() + KdTopics.TEACHER_RUNS;
    }

    @Override
    public List<RunManifest> unfinished() {
        return withStatus(RunStatus.STREAMING);
    }

    @Override
    public List<RunManifest> complete() {
        return withStatus(RunStatus.COMPLETE);
    }

    private List<RunManifest> withStatus(RunStatus status) {
        List<RunManifest> found = new ArrayList<>();
        try (TeacherRunDeserializer deserializer = new TeacherRunDeserializer()) {
            reader.latestByKey(topic, identity::acceptsManifest)
                    .forEach(
                            (runId, value) -> {
                                try {
                                    RunManifest manifest =
                                            TeacherRunMapper.toDomain(
                                                    deserializer.deserialize(topic, value));
                                    if (manifest.status() == status) {
                                        found.add(manifest);
                                    }
                                } catch (RuntimeException e) {
                                    Log.debugf(
                                            "Manifest %s on %s does not decode: %s",
                                            runId, topic, e);
                                }
                            });
        }
        return found;
    }
}
