package io.kdstream.faults;

import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.codec.StudentJobDeserializer;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.codec.TrainingProgressDeserializer;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.schema.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;

/** What the scenarios read back from the topics, decoded with the services' own codecs. */
final class Topics {

    private Topics() {}

    /** A student checkpoint on the models topic: whose, which epoch, where. */
    record StudentCheckpoint(String jobId, int epoch, long offset) {}

    static List<StudentCheckpoint> studentCheckpoints(TopicRecords topics) {
        List<StudentCheckpoint> out = new ArrayList<>();
        try (ModelCheckpointDeserializer d = new ModelCheckpointDeserializer()) {
            for (ConsumerRecord<String, byte[]> r :
                    topics.readAll(Records.PREFIX + KdTopics.MODELS)) {
                ModelCheckpoint c = decodable(() -> d.deserialize(r.topic(), r.value()));
                if (c != null && c.getRole() == ModelRole.STUDENT) {
                    out.add(new StudentCheckpoint(c.getOwnerId(), c.getEpoch(), r.offset()));
                }
            }
        }
        return out;
    }

    /**
     * A dead letter: where the refused record was ("topic/partition@offset"), why, and which
     * service refused it.
     */
    record DeadLetter(String at, String reason, String origin) {}

    static List<DeadLetter> deadLetters(TopicRecords topics) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r :
                topics.readAll(Records.PREFIX + KdTopics.DEAD_LETTERS)) {
            out.add(
                    new DeadLetter(
                            header(r, "dead-letter-topic")
                                    + "/"
                                    + header(r, "dead-letter-partition")
                                    + "@"
                                    + header(r, "dead-letter-offset"),
                            header(r, "dead-letter-reason"),
                            header(r, KdTopics.DEAD_LETTER_ORIGIN_HEADER)));
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The latest manifest of each run, in the order runs first appeared. */
    static Map<String, RunManifest> runs(TopicRecords topics) {
        Map<String, RunManifest> out = new LinkedHashMap<>();
        try (TeacherRunDeserializer d = new TeacherRunDeserializer()) {
            for (ConsumerRecord<String, byte[]> r :
                    topics.readAll(Records.PREFIX + KdTopics.TEACHER_RUNS)) {
                TeacherRun run = decodable(() -> d.deserialize(r.topic(), r.value()));
                if (run != null) {
                    RunManifest m = TeacherRunMapper.toDomain(run);
                    out.put(m.runId(), m);
                }
            }
        }
        return out;
    }

    /** The student jobs on the jobs topic. */
    static List<JobSpec> jobs(TopicRecords topics) {
        List<JobSpec> out = new ArrayList<>();
        try (StudentJobDeserializer d = new StudentJobDeserializer()) {
            for (ConsumerRecord<String, byte[]> r :
                    topics.readAll(Records.PREFIX + KdTopics.STUDENT_JOBS)) {
                StudentJob job = decodable(() -> d.deserialize(r.topic(), r.value()));
                if (job != null) {
                    out.add(StudentJobMapper.toDomain(job));
                }
            }
        }
        return out;
    }

    /** How many teacher checkpoints the models topic holds: how often a teacher trained. */
    static long teacherCheckpoints(TopicRecords topics) {
        try (ModelCheckpointDeserializer d = new ModelCheckpointDeserializer()) {
            return topics.readAll(Records.PREFIX + KdTopics.MODELS).stream()
                    .map(r -> decodable(() -> d.deserialize(r.topic(), r.value())))
                    .filter(c -> c != null && c.getRole() == ModelRole.TEACHER)
                    .count();
        }
    }

    static List<TrainingProgress> progress(TopicRecords topics) {
        List<TrainingProgress> out = new ArrayList<>();
        try (TrainingProgressDeserializer d = new TrainingProgressDeserializer()) {
            for (ConsumerRecord<String, byte[]> r :
                    topics.readAll(Records.PREFIX + KdTopics.TRAINING_PROGRESS)) {
                TrainingProgress p = decodable(() -> d.deserialize(r.topic(), r.value()));
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The decoded record, or {@code null} for one a scenario wrote malformed on purpose. */
    private static <T> T decodable(Supplier<T> decode) {
        try {
            return decode.get();
        } catch (SerializationException e) {
            return null;
        }
    }
}
