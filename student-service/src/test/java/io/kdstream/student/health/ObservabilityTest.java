package io.kdstream.student.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.student.TestJobs;
import io.kdstream.student.training.InMemoryFakes;
import io.kdstream.student.training.StudentJobRunner;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and OpenAPI of a worker, with the in-memory connector and the teacher run of
 * {@link InMemoryFakes} (256 images): the readiness checks answer, a two-epoch job fills the
 * kd_training_* meters under its job id, and the OpenAPI document lists the worker endpoint.
 */
@QuarkusTest
class ObservabilityTest {

    @Inject StudentJobRunner runner;

    @Test
    void healthAnswersWithTheEngine() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("DJL engine"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aJobFillsTheKdMeters() {
        CompletableFuture.runAsync(
                () ->
                        runner.run(
                                StudentJobMapper.toDomain(
                                        TestJobs.job("obs-job", InMemoryFakes.COMPLETE_RUN)
                                                .build()),
                                1,
                                5,
                                null,
                                null));

        String tags = "\\{job=\"obs-job\",model=\"tutorial-student\",role=\"student\"}";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> value(metrics(), "kd_training_epoch" + tags) == 2.0);
        // the epoch-2 checkpoint is published after the epoch's meters are set
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                value(
                                                metrics(),
                                                "kd_records_published_total\\{topic=\"kd.models\"}")
                                        >= 2.0);
        String metrics = metrics();
        assertThat(value(metrics, "kd_training_samples_per_second" + tags)).isPositive();
        assertThat(value(metrics, "kd_training_loss" + tags)).isPositive();
        // 256 images in batches of 64: 4 steps an epoch, the first of each epoch untimed
        assertThat(value(metrics, "kd_training_step_seconds_count" + tags)).isEqualTo(6.0);
        assertThat(value(metrics, "kd_records_published_total\\{topic=\"kd.training-progress\"}"))
                .isPositive();
        // registered at start, so a dashboard sees zero before the first dead letter
        assertThat(metrics)
                .contains("kd_dead_letters_total{channel=\"student-jobs\"}")
                .contains("kd_dead_letters_total{channel=\"teacher-logits\"}")
                .contains("kd_consumer_lag{group=\"student-service\",topic=\"kd.student-jobs\"}");
    }

    @Test
    void openApiListsTheWorkerEndpoint() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/worker"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample whose name and labels match, -1 when there is none. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
