package io.kdstream.evaluator.messaging;

import static io.kdstream.evaluator.messaging.CheckpointConsumer.MODELS_CHANNEL;
import static io.kdstream.evaluator.messaging.EvaluationLogConsumer.EVALUATION_LOG_CHANNEL;
import static io.kdstream.evaluator.messaging.KafkaPublisher.COMPARISONS_CHANNEL;
import static io.kdstream.evaluator.messaging.KafkaPublisher.EVALUATIONS_CHANNEL;
import static io.kdstream.evaluator.messaging.KafkaPublisher.STUDENT_JOBS_CHANNEL;
import static io.kdstream.evaluator.messaging.TeacherRunConsumer.TEACHER_RUNS_CHANNEL;
import static io.kdstream.evaluator.messaging.TrainingProgressConsumer.TRAINING_PROGRESS_CHANNEL;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.kdstream.core.schema.Comparison;
import io.kdstream.core.schema.ComparisonRow;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.schema.WorkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's wiring with the in-memory connector: records in, records and REST answers out.
 *
 * <p>All tests share one application, so each uses its own run and experiment ids.
 */
@QuarkusTest
class EvaluatorMessagingTest {

    @Inject @Any InMemoryConnector connector;

    @BeforeEach
    void clearSinks() {
        connector.sink(STUDENT_JOBS_CHANNEL).clear();
        connector.sink(EVALUATIONS_CHANNEL).clear();
        connector.sink(COMPARISONS_CHANNEL).clear();
    }

    @Test
    void completeManifestSubmitsTheStandardExperimentOnce() {
        InMemorySink<Record<String, StudentJob>> jobs = connector.sink(STUDENT_JOBS_CHANNEL);

        // A streaming manifest starts nothing
        connector
                .source(TEACHER_RUNS_CHANNEL)
                .send(Records.manifest("run-std", "teacher-std-e1", RunStatus.STREAMING));
        // the COMPLETE manifest of the same run starts the standard experiment
        connector
                .source(TEACHER_RUNS_CHANNEL)
                .send(Records.manifest("run-std", "teacher-std-e1", RunStatus.COMPLETE));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= 2);

        // two jobs, keyed by job id: the tutorial's student distilled and from scratch, same
        // settings
        List<Record<String, StudentJob>> sent =
                jobs.received().stream().map(Message::getPayload).toList();
        assertThat(sent)
                .extracting(Record::key)
                .containsExactly("exp-run-std-hinton", "exp-run-std-scratch");
        assertThat(sent)
                .extracting(Record::value)
                .extracting(
                        StudentJob::getJobId,
                        StudentJob::getExperimentId,
                        StudentJob::getTeacherRunId,
                        StudentJob::getArchitecture,
                        StudentJob::getLossMode)
                .containsExactly(
                        tuple(
                                "exp-run-std-hinton",
                                "exp-run-std",
                                "run-std",
                                "tutorial-student",
                                "hinton"),
                        tuple(
                                "exp-run-std-scratch",
                                "exp-run-std",
                                "run-std",
                                "tutorial-student",
                                "none"));
        assertThat(sent)
                .extracting(Record::value)
                .extracting(
                        StudentJob::getEpochs,
                        StudentJob::getLearningRate,
                        StudentJob::getMomentum,
                        StudentJob::getBatchSize,
                        StudentJob::getSeed,
                        StudentJob::getWeightInit)
                .containsOnly(tuple(3, 0.005, 0.9, 64, 7L, "pytorch-default"));
        StudentJob distilled = sent.get(0).value();
        assertThat(distilled.getAlpha()).isEqualTo(0.1);
        assertThat(distilled.getTemperature()).isEqualTo(10.0);

        // The manifest read again (a re-delivery, a restart) submits nothing more
        connector
                .source(TEACHER_RUNS_CHANNEL)
                .send(Records.manifest("run-std", "teacher-std-e1", RunStatus.COMPLETE));
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(3))
                .until(() -> jobs.received().size() == 2);
        given().get("/api/experiments/exp-run-std")
                .then()
                .statusCode(200)
                .body("jobs.jobId", hasItems("exp-run-std-hinton", "exp-run-std-scratch"))
                .body("jobs.state", hasItems("SUBMITTED"));
    }

    @Test
    void invalidExperimentIsRejectedWithEveryField() {
        String body =
                """
                {"teacherRunId": "no-such-run",
                 "students": [{"architecture": "resnet-9000", "lossMode": "kl", "alpha": 1.5,
                               "temperature": 0, "epochs": 0, "learningRate": -1, "momentum": 1,
                               "batchSize": 0, "seed": 1}]}
                """;
        given().auth()
                .preemptive()
                .basic("kd", "kd-test-password")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/experiments")
                .then()
                .statusCode(400)
                .body("error", containsString("invalid"))
                .body(
                        "violations.field",
                        hasItems(
                                "teacherRunId",
                                "students[0].architecture",
                                "students[0].lossMode",
                                "students[0].alpha",
                                "students[0].temperature",
                                "students[0].epochs",
                                "students[0].learningRate",
                                "students[0].momentum",
                                "students[0].batchSize"))
                .body("violations", hasSize(9))
                .body(
                        "violations.find { it.field == 'teacherRunId' }.message",
                        containsString("unknown teacher run"));
        assertThat(connector.sink(STUDENT_JOBS_CHANNEL).received()).isEmpty();
    }

    /**
     * A COMPLETE teacher run on its topic, and the wait for its standard experiment's jobs, which
     * go out first.
     */
    private InMemorySink<Record<String, StudentJob>> completeRunWithItsStandardJobs(String runId) {
        InMemorySink<Record<String, StudentJob>> jobs = connector.sink(STUDENT_JOBS_CHANNEL);
        int before = jobs.received().size();
        connector
                .source(TEACHER_RUNS_CHANNEL)
                .send(Records.manifest(runId, "teacher-" + runId + "-e1", RunStatus.COMPLETE));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= before + 2);
        return jobs;
    }

    @Test
    void aReferenceRunGetsTheTutorialsStudents() {
        InMemorySink<Record<String, StudentJob>> jobs = connector.sink(STUDENT_JOBS_CHANNEL);
        TeacherRun reference = Records.manifest("run-ref", "teacher-ref-e1", RunStatus.COMPLETE);
        reference.setProfile("reference");
        connector.source(TEACHER_RUNS_CHANNEL).send(reference);

        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= 3);
        List<StudentJob> published =
                jobs.received().stream().map(m -> m.getPayload().value()).toList();
        assertThat(published)
                .extracting(j -> j.getJobId().toString())
                .containsExactly(
                        "exp-run-ref-tutorial", "exp-run-ref-hinton", "exp-run-ref-scratch");
        assertThat(published)
                .extracting(j -> j.getLossMode().toString())
                .containsExactly("tutorial", "hinton", "none");
        assertThat(published)
                .allSatisfy(
                        j -> {
                            assertThat(j.getEpochs()).isEqualTo(50);
                            assertThat(j.getLearningRate()).isEqualTo(0.001);
                            assertThat(j.getBatchSize()).isEqualTo(128);
                        });
    }

    @Test
    void repeatsPublishOneJobPerSeedWithItsGroup() {
        InMemorySink<Record<String, StudentJob>> jobs = completeRunWithItsStandardJobs("run-rep");
        int before = jobs.received().size();
        String body =
                """
                {"teacherRunId": "run-rep",
                 "students": [{"architecture": "tutorial-student", "lossMode": "hinton", "alpha": 0.1,
                               "temperature": 10, "epochs": 1, "learningRate": 0.05, "momentum": 0.9,
                               "batchSize": 32, "seed": 40, "label": "kd", "repeats": 3}]}
                """;
        String experimentId =
                given().auth()
                        .preemptive()
                        .basic("kd", "kd-test-password")
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/api/experiments")
                        .then()
                        .statusCode(202)
                        .body("jobIds", hasSize(3))
                        .extract()
                        .path("experimentId");

        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= before + 3);
        List<StudentJob> published =
                jobs.received().subList(before, before + 3).stream()
                        .map(m -> m.getPayload().value())
                        .toList();
        assertThat(published)
                .extracting(j -> j.getJobId().toString())
                .containsExactly(
                        experimentId + "-kd-s40",
                        experimentId + "-kd-s41",
                        experimentId + "-kd-s42");
        assertThat(published).extracting(StudentJob::getSeed).containsExactly(40L, 41L, 42L);
        assertThat(published).extracting(j -> String.valueOf(j.getGroup())).containsOnly("kd");
    }

    @Test
    void validExperimentIsSubmitted() {
        InMemorySink<Record<String, StudentJob>> jobs = completeRunWithItsStandardJobs("run-post");

        String body =
                """
                {"teacherRunId": "run-post",
                 "students": [{"architecture": "tutorial-student", "lossMode": "tutorial", "alpha": 0.5,
                               "temperature": 4, "epochs": 1, "learningRate": 0.01, "momentum": 0.5,
                               "batchSize": 32, "seed": 3, "label": "t4"}]}
                """;
        String experimentId =
                given().auth()
                        .preemptive()
                        .basic("kd", "kd-test-password")
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/api/experiments")
                        .then()
                        .statusCode(202)
                        .body("teacherRunId", containsString("run-post"))
                        .body("jobIds", hasSize(1))
                        .extract()
                        .path("experimentId");

        assertThat(experimentId).startsWith("exp-run-post-");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= 3);
        StudentJob job = jobs.received().get(2).getPayload().value();
        assertThat(job.getJobId()).isEqualTo(experimentId + "-t4");
        assertThat(job.getLossMode()).isEqualTo("tutorial");
        assertThat(job.getTemperature()).isEqualTo(4.0);
        given().get("/api/experiments")
                .then()
                .statusCode(200)
                .body("experimentId", hasItems(experimentId));
    }

    @Test
    void malformedCheckpointIsNackedAndTheNextIsEvaluated() {
        InMemorySink<Record<String, Evaluation>> evaluations = connector.sink(EVALUATIONS_CHANNEL);
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        AtomicBoolean badAcked = new AtomicBoolean();
        CompletableFuture<Void> goodAcked = new CompletableFuture<>();

        // A checkpoint whose parameters are garbage, then a loadable one (untrained)
        Message<ModelCheckpoint> bad =
                Message.of(
                                Records.checkpoint(
                                        "bad-e1",
                                        ModelRole.TEACHER,
                                        "tutorial-teacher",
                                        "bad",
                                        1,
                                        1,
                                        new byte[] {1, 2, 3, 4, 5}))
                        .withAck(
                                () -> {
                                    badAcked.set(true);
                                    return CompletableFuture.completedFuture(null);
                                })
                        .withNack(
                                t -> {
                                    nacked.complete(t);
                                    return CompletableFuture.completedFuture(null);
                                });
        Message<ModelCheckpoint> good =
                Message.of(
                                Records.checkpoint(
                                        "good-e1",
                                        ModelRole.TEACHER,
                                        "tutorial-teacher",
                                        "good",
                                        1,
                                        1,
                                        Records.untrainedParameters("tutorial-teacher")))
                        .withAck(
                                () -> {
                                    goodAcked.complete(null);
                                    return CompletableFuture.completedFuture(null);
                                });
        connector.source(MODELS_CHANNEL).send(bad);
        connector.source(MODELS_CHANNEL).send(good);

        // the bad one is nacked (the DLQ with Kafka) with a reason
        await().atMost(Duration.ofSeconds(30)).until(nacked::isDone);
        assertThat(nacked.join())
                .hasMessageContaining("bad-e1")
                .hasMessageContaining("does not load");
        assertThat(badAcked).isFalse();

        // the good one is evaluated on the 10,000 test images and acked
        await().atMost(Duration.ofSeconds(120)).until(() -> !evaluations.received().isEmpty());
        Record<String, Evaluation> out = evaluations.received().get(0).getPayload();
        assertThat(out.key()).isEqualTo("good-e1");
        Evaluation e = out.value();
        assertThat(e.getAccuracy()).isBetween(0.0, 1.0);
        assertThat(e.getErrors()).isEqualTo(10000 - (int) Math.round(e.getAccuracy() * 10000));
        assertThat(e.getConfusion()).hasSize(100);
        assertThat(e.getConfusion().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10000);
        assertThat(e.getPerClassAccuracy()).hasSize(10);
        assertThat(e.getParameterCount()).isEqualTo(81194);
        assertThat(e.getTeacherAgreement()).isEqualTo(1.0);
        assertThat(e.getCompressionRatio()).isEqualTo(1.0);
        assertThat(e.getImagesPerSecond()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(goodAcked::isDone);
        given().get("/api/evaluations/good-e1")
                .then()
                .statusCode(200)
                .body("parameterCount", org.hamcrest.Matchers.is(81194));
    }

    @Test
    void evaluationsOfAnExperimentMakeItsComparison() {
        InMemorySink<Record<String, Comparison>> comparisons = connector.sink(COMPARISONS_CHANNEL);
        InMemorySink<Record<String, StudentJob>> jobs = connector.sink(STUDENT_JOBS_CHANNEL);
        connector
                .source(TEACHER_RUNS_CHANNEL)
                .send(Records.manifest("run-cmp", "teacher-cmp-e3", RunStatus.COMPLETE));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.received().size() >= 2);

        // Evaluations read back from the topic: the teacher, then both students at their final
        // epoch
        connector
                .source(EVALUATION_LOG_CHANNEL)
                .send(
                        Records.evaluation(
                                "teacher-cmp-e3",
                                ModelRole.TEACHER,
                                "teacher-cmp",
                                3,
                                3,
                                0.99,
                                81194));
        connector
                .source(EVALUATION_LOG_CHANNEL)
                .send(
                        Records.evaluation(
                                "exp-run-cmp-hinton-e3",
                                ModelRole.STUDENT,
                                "exp-run-cmp-hinton",
                                3,
                                3,
                                0.985,
                                46164));
        connector
                .source(TRAINING_PROGRESS_CHANNEL)
                .send(Records.progress("exp-run-cmp-scratch", WorkState.RUNNING, 3));
        connector
                .source(EVALUATION_LOG_CHANNEL)
                .send(
                        Records.evaluation(
                                "exp-run-cmp-scratch-e3",
                                ModelRole.STUDENT,
                                "exp-run-cmp-scratch",
                                3,
                                3,
                                0.98,
                                46164));

        // the last comparison published is complete, with the deltas
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                comparisons.received().stream()
                                        .anyMatch(m -> m.getPayload().value().getComplete()));
        Record<String, Comparison> last =
                comparisons.received().get(comparisons.received().size() - 1).getPayload();
        assertThat(last.key()).isEqualTo("exp-run-cmp");
        assertThat(last.value().getRows())
                .extracting(
                        ComparisonRow::getLabel, ComparisonRow::getRole, ComparisonRow::getErrors)
                .containsExactly(
                        tuple("teacher", ModelRole.TEACHER, 100),
                        tuple("hinton", ModelRole.STUDENT, 150),
                        tuple("scratch", ModelRole.STUDENT, 200));
        assertThat(last.value().getRows().get(1).getDeltaVsTeacher())
                .isCloseTo(-0.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(last.value().getRows().get(1).getDeltaVsScratch())
                .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));

        // REST: JSON, the table, the status
        given().get("/api/comparisons/exp-run-cmp")
                .then()
                .statusCode(200)
                .body("complete", org.hamcrest.Matchers.is(true))
                .body("rows", hasSize(3));
        given().get("/api/comparisons/exp-run-cmp/table")
                .then()
                .statusCode(200)
                .contentType(ContentType.TEXT)
                .body(
                        containsString("teacher"),
                        containsString("hinton"),
                        containsString("-0.50 pp"));
        given().get("/api/comparisons/nope").then().statusCode(404);
        given().get("/api/status")
                .then()
                .statusCode(200)
                .contentType(ContentType.TEXT)
                .body(
                        containsString("experiment exp-run-cmp"),
                        containsString("exp-run-cmp-scratch RUNNING"),
                        containsString("samples/s"));
        given().get("/api/experiments/exp-run-cmp")
                .then()
                .statusCode(200)
                .body("complete", org.hamcrest.Matchers.is(true))
                .body(
                        "jobs.find { it.jobId == 'exp-run-cmp-scratch' }.worker",
                        org.hamcrest.Matchers.is("worker-7"));
    }
}
