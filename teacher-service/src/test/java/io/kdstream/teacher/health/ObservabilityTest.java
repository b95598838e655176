package io.kdstream.teacher.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import ai.djl.Device;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.config.TeacherSettingsResolver;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.training.TeacherTrainer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and OpenAPI of the teacher, with the in-memory connector (no broker, nothing
 * trained at start): the readiness checks answer, a tiny training (1 epoch on 500 images, about a
 * second) fills the kd_training_* meters, and the OpenAPI document lists the REST endpoints.
 */
@QuarkusTest
class ObservabilityTest {

    @Inject TeacherTrainer trainer;

    @Inject TeacherConfig config;

    @Test
    void healthAnswersWithTheEngine() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.is("UP"))
                .body("checks.name", hasItems("DJL engine"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void trainingFillsTheKdMeters() {
        TeacherCheckpoint checkpoint =
                trainer.train(
                        "obs-teacher",
                        TeacherSettingsResolver.resolve(config.teacher()),
                        Device.cpu(),
                        () -> false,
                        e -> {});
        assertThat(checkpoint.epoch()).isEqualTo(1);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String tags = "\\{job=\"obs-teacher\",model=\"tutorial-teacher\",role=\"teacher\"}";
        assertThat(value(metrics, "kd_training_epoch" + tags)).isEqualTo(1.0);
        assertThat(value(metrics, "kd_training_samples_per_second" + tags)).isPositive();
        assertThat(value(metrics, "kd_training_loss" + tags)).isPositive();
        // 500 images in batches of 16: 32 steps, the first one untimed
        assertThat(value(metrics, "kd_training_step_seconds_count" + tags)).isEqualTo(31.0);
        assertThat(value(metrics, "kd_training_step_seconds_sum" + tags)).isPositive();
        // the epoch's checkpoint went to the models channel; logit batches are counted from zero
        assertThat(value(metrics, "kd_records_published_total\\{topic=\"kd.models\"}"))
                .isEqualTo(1.0);
        assertThat(metrics).contains("kd_records_published_total{topic=\"kd.teacher-logits\"}");
    }

    @Test
    void openApiListsTheRestEndpoints() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(
                        containsString("/api/teacher/runs"),
                        containsString("/api/teacher/runs/{runId}"),
                        containsString("/api/teacher/status"));
    }

    /** The value of the first sample whose name and labels match, -1 when there is none. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
