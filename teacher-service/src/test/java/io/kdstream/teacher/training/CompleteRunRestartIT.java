package io.kdstream.teacher.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.teacher.EarlierTeacher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A teacher restarted after a COMPLETE run of its settings does nothing at start: no training, no
 * run, so the evaluator starts no second standard experiment.
 *
 * <p>It checks who produced what it reads ({@code kd.security.require-producer-identity=true}): a
 * newer checkpoint of the same settings claiming the student's identity and a COMPLETE run of it
 * without any are on the topics too. Taken, they would be the teacher's latest checkpoint.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
@WithTestResource(CompleteRunRestartIT.CompleteRun.class)
class CompleteRunRestartIT {

    /** This class' train limit, which no other class' teacher uses. */
    static final int TRAIN_LIMIT = 500;

    static final String MODEL_ID = "teacher-complete-e8";

    /** What the earlier teacher left: its last checkpoint and a COMPLETE run of it. */
    public static class CompleteRun implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String modelId =
                    EarlierTeacher.publishLastCheckpoint(
                            "teacher-complete", EarlierTeacher.settings(TRAIN_LIMIT));
            EarlierTeacher.publishRun("run-complete", modelId, TRAIN_LIMIT, RunStatus.COMPLETE);
            String forged =
                    EarlierTeacher.publishLastCheckpoint(
                            "teacher-forged",
                            EarlierTeacher.settings(TRAIN_LIMIT),
                            "student-service");
            EarlierTeacher.publishRun("run-forged", forged, TRAIN_LIMIT, RunStatus.COMPLETE, null);
            Map<String, String> config = EarlierTeacher.config(TRAIN_LIMIT);
            config.put("kd.security.require-producer-identity", "true");
            return config;
        }

        @Override
        public void stop() {
            // the shared broker outlives the test
        }
    }

    @Test
    void aCompleteRunOfTheSameSettingsLeavesNothingToDoAtStart() {
        // 1. The start-up decision is made once the earlier checkpoint is the teacher's latest
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                given().get("/api/teacher/status")
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .path("latestModelId"),
                        MODEL_ID::equals);

        // 2. Nothing was trained or queued: idle, no run of this instance
        given().get("/api/teacher/status")
                .then()
                .statusCode(200)
                .body("phase", org.hamcrest.Matchers.equalTo("idle"))
                .body("queuedRuns", org.hamcrest.Matchers.equalTo(0));
        List<?> runs = given().get("/api/teacher/runs").then().statusCode(200).extract().path("$");
        assertThat(runs).isEmpty();

        // 3. The checkpoint was not streamed again: its only manifest is the earlier run's
        try (TopicRecords reader =
                        new TopicRecords(LocalKafkaTestResource.sharedBootstrapServers());
                TeacherRunDeserializer deserializer = new TeacherRunDeserializer()) {
            assertThat(reader.readAll("kd.teacher-runs"))
                    .filteredOn(
                            r ->
                                    MODEL_ID.equals(
                                            deserializer
                                                    .deserialize(r.topic(), r.value())
                                                    .getTeacherModelId()))
                    .extracting(r -> r.key())
                    .containsExactly("run-complete");
        }
    }
}
