package io.kdstream.evaluator.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.kdstream.core.metrics.KdMetrics;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.messaging.Records;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and OpenAPI of the evaluator, with the in-memory connector: the readiness checks
 * answer, every kd_ meter is on /q/metrics once a checkpoint was evaluated and a bad one refused,
 * and the OpenAPI document lists the REST endpoints.
 */
@QuarkusTest
class ObservabilityTest {

    @Inject @Any InMemoryConnector connector;
    @Inject MeterRegistry registry;

    @Test
    void healthAnswersWithTheEngineAndTheTestSet() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.is("UP"))
                .body("checks.name", hasItems("DJL engine", "MNIST test set"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsListEveryKdMeter() {
        // a checkpoint that does not load (dead-lettered), then one that does
        connector
                .source("models")
                .send(
                        Records.checkpoint(
                                "obs-bad-e1",
                                ModelRole.TEACHER,
                                "tutorial-teacher",
                                "obs-bad",
                                1,
                                1,
                                new byte[] {9, 9, 9}));
        connector
                .source("models")
                .send(
                        Records.checkpoint(
                                "obs-e1",
                                ModelRole.TEACHER,
                                "tutorial-teacher",
                                "obs",
                                1,
                                1,
                                Records.untrainedParameters("tutorial-teacher")));

        // the evaluation's accuracy becomes the teacher role's gauge
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/evaluations/obs-e1").statusCode() == 200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("kd_evaluation_accuracy\\{role=\"teacher\"} 0\\.\\d+");
        assertThat(value(metrics, "kd_records_published_total\\{topic=\"kd.evaluations\"}"))
                .isPositive();
        assertThat(value(metrics, "kd_dead_letters_total\\{channel=\"models\"}")).isPositive();
        // registered at start, before anything happened on these channels and topics
        assertThat(metrics)
                .contains(
                        "kd_dead_letters_total{channel=\"student-job-log\"}",
                        "kd_records_published_total{topic=\"kd.comparisons\"}",
                        "kd_consumer_lag{group=\"student-service\",topic=\"kd.student-jobs\"}");
    }

    @Test
    void openApiListsTheRestEndpoints() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(
                        containsString("/api/experiments"),
                        containsString("/api/comparisons"),
                        containsString("/api/evaluations/{modelId}/misclassified"),
                        containsString("/api/events"),
                        containsString("/api/runs"),
                        containsString("/api/progress"),
                        containsString("/api/status"));
    }

    @Test
    void accuracyMetersDoNotGrowWithTheEvaluatedModels() {
        for (int i = 1; i <= 30; i++) {
            connector
                    .source("evaluation-log")
                    .send(
                            Records.evaluation(
                                    "meters-e" + i,
                                    i % 3 == 0 ? ModelRole.TEACHER : ModelRole.STUDENT,
                                    "meters-" + (i % 3),
                                    i,
                                    30,
                                    0.5 + i / 100.0,
                                    46164));
        }
        // the teacher role's gauge holds the accuracy of the last teacher, meters-e30
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Gauge teacher =
                                    registry.find(KdMetrics.EVALUATION_ACCURACY)
                                            .tag(KdMetrics.TAG_ROLE, "teacher")
                                            .gauge();
                            return teacher != null && Math.abs(teacher.value() - 0.8) < 1e-9;
                        });
        // one gauge per role, whatever the number of models
        Collection<Meter> gauges = registry.find(KdMetrics.EVALUATION_ACCURACY).meters();
        assertThat(gauges).hasSizeLessThanOrEqualTo(ModelRole.values().length);
    }

    /** The value of the first sample whose name and labels match, -1 when there is none. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
