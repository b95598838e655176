package io.kdstream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.codec.EvaluationDeserializer;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.StudentJobDeserializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.StudentJob;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged evaluator with {@code kd.security.require-producer-identity=true} on a real broker:
 * teacher checkpoints and run manifests without the teacher's {@code kd-producer} header go to the
 * dead-letter topic with the reason and are neither evaluated nor acted on; the genuine ones behind
 * them in the same partition are.
 *
 * <p>Its own topic prefix: the other ITs' records on the shared broker carry no header, and this
 * evaluator would dead-letter them.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
@TestProfile(ProducerIdentityIT.RequireProducerIdentity.class)
class ProducerIdentityIT {

    private static final String PREFIX = "identity.";
    private static final String MODELS = PREFIX + "models";
    private static final String RUNS = PREFIX + "teacher-runs";
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Turns the check on and moves the evaluator to this test's topics. */
    public static class RequireProducerIdentity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kd.security.require-producer-identity", "true", "kd.topics.prefix", PREFIX);
        }
    }

    private static byte[] teacherParameters;

    /** Any parameters will do: the test is about which records are evaluated, not how well. */
    @BeforeAll
    static void parameters() {
        teacherParameters = Records.untrainedParameters("tutorial-teacher");
    }

    @Test
    void onlyTheTeachersCheckpointsAndManifestsAreTaken() {
        KafkaTestClient kafka =
                new KafkaTestClient(LocalKafkaTestResource.sharedBootstrapServers());

        // 1. Forged: no header, then the student's identity on a teacher's records; then genuine.
        //    One partition each, so the genuine record is handled after the forged ones.
        sendCheckpoint(kafka, "forged-none-e1", null);
        sendCheckpoint(kafka, "forged-student-e1", "student-service");
        sendCheckpoint(kafka, "genuine-e1", "teacher-service");
        sendManifest(kafka, "run-forged-none", "genuine-e1", null);
        sendManifest(kafka, "run-forged-student", "genuine-e1", "student-service");
        sendManifest(kafka, "run-genuine", "genuine-e1", "teacher-service");

        // 2. The genuine checkpoint is evaluated and the genuine run starts its experiment
        assertThat(
                        kafka.read(
                                PREFIX + "evaluations",
                                new EvaluationDeserializer(),
                                r -> r.key().equals("genuine-e1"),
                                1,
                                WAIT))
                .as(() -> "evaluation of genuine-e1; dead letters: " + reasons(kafka))
                .hasSize(1);
        List<ConsumerRecord<String, StudentJob>> jobs =
                kafka.read(
                        PREFIX + "student-jobs",
                        new StudentJobDeserializer(),
                        r -> r.key().startsWith("exp-run-genuine-"),
                        2,
                        WAIT);
        assertThat(jobs).hasSize(2);

        // 3. Each forged record is dead-lettered with a reason naming what was found and expected
        Map<String, String> reasons = reasons(kafka);
        assertThat(reasons)
                .containsEntry(
                        "forged-none-e1",
                        "a TEACHER checkpoint must come from 'teacher-service'"
                                + " (kd.security.require-producer-identity=true), but its"
                                + " kd-producer header is missing")
                .containsEntry(
                        "forged-student-e1",
                        "a TEACHER checkpoint must come from 'teacher-service'"
                                + " (kd.security.require-producer-identity=true), but its"
                                + " kd-producer header is 'student-service'")
                .containsEntry(
                        "run-forged-none",
                        "a run manifest must come from 'teacher-service'"
                                + " (kd.security.require-producer-identity=true), but its"
                                + " kd-producer header is missing")
                .containsEntry(
                        "run-forged-student",
                        "a run manifest must come from 'teacher-service'"
                                + " (kd.security.require-producer-identity=true), but its"
                                + " kd-producer header is 'student-service'")
                .doesNotContainKeys("genuine-e1", "run-genuine");

        // 4. and none of them was acted on: the genuine records behind them were handled, in order
        assertThat(
                        kafka.read(
                                PREFIX + "evaluations",
                                new EvaluationDeserializer(),
                                r -> r.key().startsWith("forged-"),
                                1,
                                Duration.ofSeconds(2)))
                .isEmpty();
        assertThat(
                        kafka.read(
                                PREFIX + "student-jobs",
                                new StudentJobDeserializer(),
                                r -> r.key().startsWith("exp-run-forged-"),
                                1,
                                Duration.ofSeconds(2)))
                .isEmpty();
    }

    private static void sendCheckpoint(KafkaTestClient kafka, String modelId, String producer) {
        try (ModelCheckpointSerializer serializer = new ModelCheckpointSerializer()) {
            byte[] value =
                    serializer.serialize(
                            MODELS,
                            Records.checkpoint(
                                    modelId,
                                    ModelRole.TEACHER,
                                    "tutorial-teacher",
                                    modelId.substring(0, modelId.lastIndexOf("-e")),
                                    1,
                                    1,
                                    teacherParameters));
            kafka.send(MODELS, 0, modelId, value, producer(producer));
        }
    }

    private static void sendManifest(
            KafkaTestClient kafka, String runId, String modelId, String producer) {
        try (TeacherRunSerializer serializer = new TeacherRunSerializer()) {
            byte[] value =
                    serializer.serialize(
                            RUNS, Records.manifest(runId, modelId, RunStatus.COMPLETE));
            kafka.send(RUNS, 0, runId, value, producer(producer));
        }
    }

    private static List<Header> producer(String identity) {
        return identity == null
                ? List.of()
                : List.of(
                        new RecordHeader(
                                ProducerIdentity.HEADER,
                                identity.getBytes(StandardCharsets.UTF_8)));
    }

    /** The reason of each dead letter, by key. */
    private static Map<String, String> reasons(KafkaTestClient kafka) {
        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r :
                kafka.read(
                        PREFIX + "dead-letters",
                        new ByteArrayDeserializer(),
                        r -> true,
                        Integer.MAX_VALUE,
                        Duration.ofSeconds(3))) {
            Header h = r.headers().lastHeader("dead-letter-reason");
            reasons.put(r.key(), h == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return reasons;
    }
}
