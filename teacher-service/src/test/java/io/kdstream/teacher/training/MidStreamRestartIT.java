package io.kdstream.teacher.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.teacher.EarlierTeacher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A teacher restarted after it was killed mid-stream streams the checkpoint it had trained, without
 * training again: the stale run is FAILED, one new run completes with that checkpoint.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
@WithTestResource(MidStreamRestartIT.KilledMidStream.class)
class MidStreamRestartIT {

    /** This class' train limit, which no other class' teacher uses. */
    static final int TRAIN_LIMIT = 600;

    static final String MODEL_ID = "teacher-killed-e8";
    static final String STALE_RUN = "run-killed-mid-stream";

    /** What the killed teacher left: its last checkpoint and a run of it left STREAMING. */
    public static class KilledMidStream implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String modelId =
                    EarlierTeacher.publishLastCheckpoint(
                            "teacher-killed", EarlierTeacher.settings(TRAIN_LIMIT));
            EarlierTeacher.publishRun(STALE_RUN, modelId, TRAIN_LIMIT, RunStatus.STREAMING);
            return EarlierTeacher.config(TRAIN_LIMIT);
        }

        @Override
        public void stop() {
            // the shared broker outlives the test
        }
    }

    private final TopicRecords reader =
            new TopicRecords(LocalKafkaTestResource.sharedBootstrapServers());

    @Test
    void aTrainedCheckpointIsStreamedWithoutTrainingAgain() {
        // 1. A new run of the earlier checkpoint completes, with all 600 images
        TeacherRun run =
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(this::newCompleteRun, r -> r != null);
        assertThat(run.getSampleCount()).isEqualTo(TRAIN_LIMIT);
        assertThat(run.getOffsets()).isNotEmpty();

        // 2. The stale run is FAILED; this instance ran one run, of that checkpoint, and trained
        // nothing (a training would have made its own checkpoint the latest)
        assertThat(latestManifests().get(STALE_RUN).getStatus()).isEqualTo(RunStatus.FAILED);
        given().get("/api/teacher/runs")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].runId", equalTo(run.getRunId()))
                .body("[0].modelId", equalTo(MODEL_ID))
                .body("[0].status", equalTo("COMPLETE"));
        given().get("/api/teacher/status")
                .then()
                .statusCode(200)
                .body("latestModelId", equalTo(MODEL_ID));
    }

    /** The COMPLETE manifest of a run of the earlier checkpoint, other than the stale one. */
    private TeacherRun newCompleteRun() {
        return latestManifests().values().stream()
                .filter(r -> MODEL_ID.equals(r.getTeacherModelId()))
                .filter(r -> !STALE_RUN.equals(r.getRunId()))
                .filter(r -> r.getStatus() == RunStatus.COMPLETE)
                .findFirst()
                .orElse(null);
    }

    private Map<String, TeacherRun> latestManifests() {
        Map<String, TeacherRun> latest = new LinkedHashMap<>();
        try (TeacherRunDeserializer deserializer = new TeacherRunDeserializer()) {
            for (ConsumerRecord<String, byte[]> r : reader.readAll("kd.teacher-runs")) {
                latest.put(r.key(), deserializer.deserialize(r.topic(), r.value()));
            }
        }
        return latest;
    }
}
