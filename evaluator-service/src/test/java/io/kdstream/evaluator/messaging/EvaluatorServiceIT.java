package io.kdstream.evaluator.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import ai.djl.Model;
import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.codec.EvaluationDeserializer;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.StudentJobDeserializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.TrainingSpec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged evaluator against a real local Kafka broker: a real teacher checkpoint is evaluated,
 * a COMPLETE manifest starts the standard experiment, and garbage on the models topic goes to the
 * dead-letter topic while the next checkpoint is still evaluated.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
class EvaluatorServiceIT {

    private static final String MODELS = "kd.models";
    private static final Duration WAIT = Duration.ofSeconds(120);

    /**
     * Least test accuracy of the brief teacher below, only to show that it learned (chance is 0.1):
     * over 5 seeds of these settings it reached 0.861 to 0.920 (README "Test thresholds"). What the
     * test checks exactly is that the evaluator reports the accuracy of the checkpoint it got.
     */
    private static final double ACCURACY_FLOOR = 0.7;

    private static byte[] teacherParameters;

    /** The teacher's test-set accuracy, measured in this JVM. */
    private static double expectedAccuracy;

    /** Trains the tutorial teacher briefly: 3 epochs on 2,000 images take about a second. */
    @BeforeAll
    static void trainTeacher() {
        MnistSplit train = Mnist.train(Mnist.defaultDataDir()).subset(2000);
        TrainingSpec spec =
                TrainingSpec.builder("tutorial-teacher")
                        .optNoDistillation()
                        .optEpochs(3)
                        .optSgd(0.02f, 0.9f)
                        .optBatchSize(16)
                        .optSeed(1)
                        .optWeightInit(WeightInit.PYTORCH_DEFAULT)
                        .build();
        try (Model model = ClassifierTrainer.newModel(spec)) {
            ClassifierTrainer.fit(model, spec, train, null, ProgressListener.NONE);
            teacherParameters = Checkpoints.toBytes(model.getBlock());
            expectedAccuracy =
                    ClassifierInference.evaluate(model, Mnist.test(Mnist.defaultDataDir()), 1000)
                            .accuracy();
        }
    }

    @Test
    void evaluatesCheckpointsStartsExperimentsAndDeadLettersGarbage() {
        KafkaTestClient kafka =
                new KafkaTestClient(LocalKafkaTestResource.sharedBootstrapServers());

        // 1. The teacher's checkpoint, then the COMPLETE manifest of a run that streamed it
        kafka.send(
                MODELS,
                0,
                "it-teacher-e3",
                Records.checkpoint(
                        "it-teacher-e3",
                        ModelRole.TEACHER,
                        "tutorial-teacher",
                        "it-teacher",
                        3,
                        3,
                        teacherParameters),
                new ModelCheckpointSerializer());
        kafka.send(
                "kd.teacher-runs",
                null,
                "it-run",
                Records.manifest("it-run", "it-teacher-e3", RunStatus.COMPLETE),
                new TeacherRunSerializer());

        // 2. An evaluation of the teacher arrives, keyed by its model id
        List<ConsumerRecord<String, Evaluation>> evaluations =
                kafka.read(
                        "kd.evaluations",
                        new EvaluationDeserializer(),
                        r -> r.key().equals("it-teacher-e3"),
                        1,
                        WAIT);
        assertThat(evaluations)
                .as(() -> "evaluation of it-teacher-e3; dead letters: " + deadLetters(kafka))
                .hasSize(1);
        Evaluation e = evaluations.get(0).value();
        // the accuracy of the checkpoint sent, as this JVM measures it (argmax ties may fall either
        // way)
        assertThat(e.getAccuracy())
                .isCloseTo(expectedAccuracy, within(0.0005))
                .isGreaterThan(ACCURACY_FLOOR);
        assertThat(e.getErrors()).isEqualTo(10000 - (int) Math.round(e.getAccuracy() * 10000));
        assertThat(e.getParameterCount()).isEqualTo(81194);
        assertThat(e.getSizeBytes()).isEqualTo(teacherParameters.length);
        assertThat(e.getTeacherAgreement()).isEqualTo(1.0);
        assertThat(e.getConfusion().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10000);

        // 3. The standard experiment went out: two jobs keyed by job id
        List<ConsumerRecord<String, StudentJob>> jobs =
                kafka.read(
                        "kd.student-jobs",
                        new StudentJobDeserializer(),
                        r -> r.key().startsWith("exp-it-run-"),
                        2,
                        WAIT);
        assertThat(jobs)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("exp-it-run-hinton", "exp-it-run-scratch");
        assertThat(jobs)
                .extracting(r -> r.value().getLossMode())
                .containsExactlyInAnyOrder("hinton", "none");

        // 4. Garbage on the models topic, then another checkpoint behind it in the same partition
        // (2 MB, bigger than a Kafka producer's default request: dead letters keep big checkpoints
        // too)
        byte[] garbage =
                "this is not an Avro record. ".repeat(75_000).getBytes(StandardCharsets.UTF_8);
        kafka.send(MODELS, 0, "it-garbage", garbage, new ByteArraySerializer());
        kafka.send(
                MODELS,
                0,
                "it-teacher-copy-e3",
                Records.checkpoint(
                        "it-teacher-copy-e3",
                        ModelRole.TEACHER,
                        "tutorial-teacher",
                        "it-teacher-copy",
                        3,
                        3,
                        teacherParameters),
                new ModelCheckpointSerializer());

        // the garbage is dead-lettered with its original bytes and the reason
        List<ConsumerRecord<String, byte[]>> dead =
                kafka.read(
                        "kd.dead-letters",
                        new ByteArrayDeserializer(),
                        r -> "it-garbage".equals(r.key()),
                        1,
                        WAIT);
        assertThat(dead)
                .as(() -> "dead letter of it-garbage; dead letters: " + deadLetters(kafka))
                .hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        Header reason = dead.get(0).headers().lastHeader("dead-letter-reason");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
        assertThat(dead.get(0).headers().lastHeader("dead-letter-topic").value())
                .isEqualTo(MODELS.getBytes(StandardCharsets.UTF_8));

        // and the checkpoint behind it is still evaluated
        assertThat(
                        kafka.read(
                                "kd.evaluations",
                                new EvaluationDeserializer(),
                                r -> r.key().equals("it-teacher-copy-e3"),
                                1,
                                WAIT))
                .extracting(r -> r.value().getAccuracy())
                .singleElement()
                .isEqualTo(e.getAccuracy());

        // 5. REST: the experiment's comparison (teacher row so far) and the status lines
        given().get("/api/comparisons/exp-it-run/table")
                .then()
                .statusCode(200)
                .body(containsString("teacher"), containsString("in progress"));
        given().get("/api/status")
                .then()
                .statusCode(200)
                .body(containsString("experiment exp-it-run"));
    }

    /** Key and reason of every dead letter, for failure messages. */
    private static List<String> deadLetters(KafkaTestClient kafka) {
        return kafka
                .read(
                        "kd.dead-letters",
                        new ByteArrayDeserializer(),
                        r -> true,
                        Integer.MAX_VALUE,
                        Duration.ofSeconds(3))
                .stream()
                .map(
                        r ->
                                r.key()
                                        + ": "
                                        + header(r, "dead-letter-reason")
                                        + " / "
                                        + header(r, "dead-letter-cause"))
                .toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
