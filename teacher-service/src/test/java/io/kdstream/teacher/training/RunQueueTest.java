package io.kdstream.teacher.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bounds on the teacher's runs through its REST API, with the in-memory connector: the worker
 * is held at its first task ({@link BlockedWorker}), so runs stay queued until the test lets it go.
 */
@QuarkusTest
@TestProfile(RunQueueTest.SmallQueue.class)
class RunQueueTest {

    /** Two queued runs at most, one finished run listed; the start-up re-streams a checkpoint. */
    public static class SmallQueue implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kd.teacher.restream-model-id", "teacher-fake-e1",
                    "kd.teacher.max-queued-runs", "2",
                    "kd.teacher.max-finished-runs", "1");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BlockedWorker.BlockingRunLog.class, BlockedWorker.AnyCheckpoint.class);
        }
    }

    @Test
    void aFullQueueAnswers429AndOnlyTheNewestFinishedRunStaysListed() {
        // 1. The start-up run waits behind the held worker; one request fills the queue
        String requested =
                given().contentType(ContentType.JSON)
                        .body("{\"modelId\": \"teacher-fake-e1\"}")
                        .post("/api/teacher/runs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("runId");

        // 2. The next request is refused with 429, a Retry-After and the limit's setting
        given().contentType(ContentType.JSON)
                .body("{\"modelId\": \"teacher-fake-e1\"}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(429)
                .header("Retry-After", "30")
                .body("status", equalTo(429))
                .body("error", containsString("kd.teacher.max-queued-runs=2"));

        // 3. Once the worker is through both runs, only the newest finished one is listed (the
        //    in-memory channel gives no offsets, so each stream ends FAILED: finished all the same)
        BlockedWorker.RELEASE.countDown();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> given().get("/api/teacher/runs").then().extract().jsonPath(),
                        runs ->
                                runs.getList("runId").equals(List.of(requested))
                                        && "FAILED".equals(runs.getString("[0].status")));
    }
}
