package io.kdstream.teacher.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.teacher.AbandonedRunResource;
import io.kdstream.teacher.TinyTeacherResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The REST API of the packaged teacher against a real broker: status, validation, and a re-stream
 * of an earlier epoch's checkpoint fetched back from the models topic. POSTs log in with the
 * KD_API_PASSWORD failsafe gives the packaged jar; the %test password does not apply.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
@WithTestResource(TinyTeacherResource.class)
@WithTestResource(AbandonedRunResource.class)
class TeacherResourceIT {

    /** The API password of the packaged jar: the failsafe environment (root pom) it inherits. */
    private static final String API_PASSWORD = System.getenv("KD_API_PASSWORD");

    private final TopicRecords reader =
            new TopicRecords(LocalKafkaTestResource.sharedBootstrapServers());

    @Test
    void startingARunNeedsThePassword() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("kd", "kd-test-password")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401);
        given().get("/api/teacher/status").then().statusCode(200);
    }

    @Test
    void rejectsInvalidRequestsWithAMessage() {
        given().auth()
                .preemptive()
                .basic("kd", API_PASSWORD)
                .contentType(ContentType.JSON)
                .body("{\"trainLimit\": -1}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("trainLimit must be in 0..60000"));
        given().auth()
                .preemptive()
                .basic("kd", API_PASSWORD)
                .contentType(ContentType.JSON)
                .body("{\"trainLimit\": \"many\"}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("the body must be JSON"));
        given().auth()
                .preemptive()
                .basic("kd", API_PASSWORD)
                .contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/teacher/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("the body must be JSON"));
        given().auth()
                .preemptive()
                .basic("kd", API_PASSWORD)
                .contentType(ContentType.JSON)
                .body("{\"modelId\": \"no-such-teacher-e1\"}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(404)
                .body("error", containsString("no-such-teacher-e1"));
        given().get("/api/teacher/runs/run-unknown").then().statusCode(404);
    }

    @Test
    void aRunAnEarlierTeacherLeftStreamingIsClosedAtStart() {
        TeacherRun closed =
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> manifest(AbandonedRunResource.RUN_ID),
                                m -> m.isPresent() && m.get().getStatus() != RunStatus.STREAMING)
                        .orElseThrow();
        assertThat(closed.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(closed.getReason()).contains("restarted while this run was streaming");
        assertThat(closed.getTeacherModelId()).isEqualTo("teacher-earlier-e3");
    }

    @Test
    void restreamsAnEarlierCheckpointWithoutRetraining() {
        // 1. Wait until the start-up training and stream are over
        String latest =
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(this::latestModelIdWhenIdle, m -> m != null);
        given().get("/api/teacher/runs")
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("COMPLETE"))
                .body("[0].modelId", equalTo(latest));

        // 2. Ask for epoch 2's checkpoint, which only the models topic still holds, on 300 images
        String epoch2 = latest.substring(0, latest.lastIndexOf("-e")) + "-e2";
        String runId =
                given().auth()
                        .preemptive()
                        .basic("kd", API_PASSWORD)
                        .contentType(ContentType.JSON)
                        .body("{\"modelId\": \"" + epoch2 + "\", \"trainLimit\": 300}")
                        .post("/api/teacher/runs")
                        .then()
                        .statusCode(202)
                        .header("Location", containsString("/api/teacher/runs/"))
                        .body("runId", notNullValue())
                        .body("modelId", equalTo(epoch2))
                        .body("trainLimit", equalTo(300))
                        .extract()
                        .path("runId");

        // 3. Its manifest completes with 3 batches, and the run is listed as COMPLETE
        TeacherRun run =
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> manifest(runId),
                                m -> m.isPresent() && m.get().getStatus() == RunStatus.COMPLETE)
                        .orElseThrow();
        assertThat(run.getTeacherModelId()).isEqualTo(epoch2);
        assertThat(run.getSampleCount()).isEqualTo(300);
        assertThat(run.getBatchCount()).isEqualTo(3);
        assertThat(run.getTeacherTestAccuracy()).isNotNull();
        // the profile the evaluator's standard experiment follows
        assertThat(String.valueOf(run.getProfile())).isEqualTo("quick");
        assertThat(run.getOffsets())
                .allSatisfy(r -> assertThat(r.getEndOffset()).isGreaterThan(r.getStartOffset()));
        assertThat(
                        run.getOffsets().stream()
                                .mapToLong(r -> r.getEndOffset() - r.getStartOffset())
                                .sum())
                .isEqualTo(3);
        given().get("/api/teacher/runs/" + runId)
                .then()
                .statusCode(200)
                .body("status", equalTo("COMPLETE"))
                .body("sampleCount", equalTo(300));

        // 4. Ready, with the Kafka channels and the DJL engine
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("DJL engine"))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));

        // 5. The meters saw both runs: 8 + 3 logit batches acknowledged, every epoch of the
        // training
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern(
                        "(?m)^kd_records_published_total\\{topic=\"kd.teacher-logits\"} 11\\.0$")
                .containsPattern(
                        "(?m)^kd_training_epoch\\{job=\"teacher-[0-9a-f]+\",model=\"tutorial-teacher\",role=\"teacher\"} "
                                + TinyTeacherResource.EPOCHS
                                + "\\.0$")
                .containsPattern(
                        "(?m)^kd_training_step_seconds_count\\{job=\"teacher-[0-9a-f]+\",.*} \\d+");
    }

    /** The last checkpoint trained, once the teacher is idle; else {@code null}. */
    private String latestModelIdWhenIdle() {
        var status = given().get("/api/teacher/status").then().statusCode(200).extract();
        return "idle".equals(status.path("phase")) ? status.path("latestModelId") : null;
    }

    private Optional<TeacherRun> manifest(String runId) {
        TeacherRun last = null;
        try (TeacherRunDeserializer deserializer = new TeacherRunDeserializer()) {
            for (ConsumerRecord<String, byte[]> r : reader.readAll("kd.teacher-runs")) {
                if (runId.equals(r.key())) {
                    last = deserializer.deserialize(r.topic(), r.value());
                }
            }
        }
        return Optional.ofNullable(last);
    }
}
