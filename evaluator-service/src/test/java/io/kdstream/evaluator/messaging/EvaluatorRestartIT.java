package io.kdstream.evaluator.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.codec.ComparisonDeserializer;
import io.kdstream.core.codec.EvaluationDeserializer;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.StudentJobDeserializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged evaluator stopped and started again against the same real broker: the second life
 * writes nothing the first wrote (no second dead letter of a poison record, no second evaluation of
 * a teacher, no comparison again), and serves the same comparison.
 *
 * <p>Not a {@code @QuarkusIntegrationTest}: that starts the application once per class, and a
 * restart is the point here. The jar runs as a child process, as in production, on topics of its
 * own prefix on the shared test broker.
 */
class EvaluatorRestartIT {

    private static final String PREFIX = "rit.";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration SCAN = Duration.ofSeconds(5);

    private static byte[] teacherParameters;
    private static String bootstrapServers;

    private Process evaluator;
    private int port;

    @BeforeAll
    static void setUp() {
        // the accuracy does not matter here: an untrained teacher is evaluated like a trained one
        teacherParameters = Records.untrainedParameters("tutorial-teacher");
        bootstrapServers = LocalKafkaTestResource.sharedBootstrapServers();
    }

    @AfterEach
    void stopEvaluator() throws InterruptedException {
        stop();
    }

    @Test
    void aRestartedEvaluatorWritesNothingAgainAndKeepsItsState() throws InterruptedException {
        KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);

        // 1. First life: a poison record, a teacher checkpoint, its run's COMPLETE manifest
        start(1);
        kafka.send(
                PREFIX + "models",
                0,
                "rit-garbage",
                "not Avro".getBytes(StandardCharsets.UTF_8),
                new ByteArraySerializer());
        sendTeacher(kafka, "rit-teacher-e3", "rit-run");

        // its dead letter, evaluation, standard experiment and comparison come out
        assertThat(deadLetters(kafka, "rit-garbage", 1)).hasSize(1);
        assertThat(evaluations(kafka, "rit-teacher-e3", 1)).hasSize(1);
        assertThat(jobs(kafka, "exp-rit-run-", 2)).hasSize(2);
        assertThat(comparisons(kafka, "exp-rit-run", 1)).isNotEmpty();
        List<Object> rowsBefore = comparisonRows("exp-rit-run");
        assertThat(rowsBefore).hasSize(1);
        stop();
        int comparisonsBefore = comparisons(kafka, "exp-rit-run", Integer.MAX_VALUE).size();

        // 2. Second life on the same topics, then new records behind the old ones: a poison record
        // in the same partition, and a second run, whose comparison goes out only after the replay
        start(2);
        kafka.send(
                PREFIX + "models",
                0,
                "rit-marker",
                "not Avro either".getBytes(StandardCharsets.UTF_8),
                new ByteArraySerializer());
        sendTeacher(kafka, "rit-teacher2-e3", "rit-run2");
        assertThat(deadLetters(kafka, "rit-marker", 1)).hasSize(1);
        assertThat(evaluations(kafka, "rit-teacher2-e3", 1)).hasSize(1);
        assertThat(comparisons(kafka, "exp-rit-run2", 1)).isNotEmpty();

        // 3. The old records were read again before the new ones (same partitions, in order, and
        // the comparisons topic has one partition): nothing of them was written a second time
        assertThat(deadLetters(kafka, "rit-garbage", Integer.MAX_VALUE)).hasSize(1);
        assertThat(evaluations(kafka, "rit-teacher-e3", Integer.MAX_VALUE)).hasSize(1);
        assertThat(jobs(kafka, "exp-rit-run-", Integer.MAX_VALUE)).hasSize(2);
        assertThat(comparisons(kafka, "exp-rit-run", Integer.MAX_VALUE)).hasSize(comparisonsBefore);
        // and the state served is the one before
        assertThat(comparisonRows("exp-rit-run")).isEqualTo(rowsBefore);
    }

    private void sendTeacher(KafkaTestClient kafka, String modelId, String runId) {
        kafka.send(
                PREFIX + "models",
                0,
                modelId,
                Records.checkpoint(
                        modelId,
                        ModelRole.TEACHER,
                        "tutorial-teacher",
                        runId + "-training",
                        3,
                        3,
                        teacherParameters),
                new ModelCheckpointSerializer());
        kafka.send(
                PREFIX + "teacher-runs",
                null,
                runId,
                Records.manifest(runId, modelId, RunStatus.COMPLETE),
                new TeacherRunSerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(
            KafkaTestClient kafka, String key, int count) {
        return kafka.read(
                PREFIX + "dead-letters",
                new ByteArrayDeserializer(),
                r -> key.equals(r.key()),
                count,
                count == Integer.MAX_VALUE ? SCAN : WAIT);
    }

    private static List<?> evaluations(KafkaTestClient kafka, String key, int count) {
        return kafka.read(
                PREFIX + "evaluations",
                new EvaluationDeserializer(),
                r -> key.equals(r.key()),
                count,
                count == Integer.MAX_VALUE ? SCAN : WAIT);
    }

    private static List<?> jobs(KafkaTestClient kafka, String keyPrefix, int count) {
        return kafka.read(
                PREFIX + "student-jobs",
                new StudentJobDeserializer(),
                r -> r.key().startsWith(keyPrefix),
                count,
                count == Integer.MAX_VALUE ? SCAN : WAIT);
    }

    private static List<?> comparisons(KafkaTestClient kafka, String key, int count) {
        return kafka.read(
                PREFIX + "comparisons",
                new ComparisonDeserializer(),
                r -> key.equals(r.key()),
                count,
                count == Integer.MAX_VALUE ? SCAN : WAIT);
    }

    private List<Object> comparisonRows(String experimentId) {
        return given().port(port)
                .get("/api/comparisons/" + experimentId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows");
    }

    /** Starts the packaged evaluator and waits until it is ready. */
    private void start(int life) {
        port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String argLine = System.getProperty("quarkus.test.arg-line", "");
        Arrays.stream(argLine.trim().split("\\s+")).filter(a -> !a.isEmpty()).forEach(command::add);
        command.addAll(
                List.of(
                        "-Dkafka.bootstrap.servers=" + bootstrapServers,
                        "-Dkd.topics.prefix=" + PREFIX,
                        "-Dkd.evaluator.auto-experiment=true",
                        "-Dquarkus.http.port=" + port,
                        "-jar",
                        Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        File log = Path.of("target", "evaluator-restart-it-" + life + ".log").toFile();
        try {
            evaluator =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log)
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () -> {
                            assertThat(evaluator.isAlive())
                                    .as("evaluator alive, see " + log)
                                    .isTrue();
                            given().port(port).get("/q/health/ready").then().statusCode(200);
                        });
    }

    /** Stops the evaluator as an orchestrator would (SIGTERM), and waits for it to exit. */
    private void stop() throws InterruptedException {
        if (evaluator == null) {
            return;
        }
        evaluator.destroy();
        if (!evaluator.waitFor(60, TimeUnit.SECONDS)) {
            evaluator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        evaluator = null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
