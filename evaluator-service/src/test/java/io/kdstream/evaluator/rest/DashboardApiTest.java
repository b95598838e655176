package io.kdstream.evaluator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.WorkState;
import io.kdstream.evaluator.messaging.Records;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The REST endpoints the dashboard reads, with the in-memory connector: the server-sent event
 * stream, runs and progress, and the misclassified digits of an evaluated model.
 */
@QuarkusTest
class DashboardApiTest {

    @Inject @Any InMemoryConnector connector;

    @TestHTTPResource("/api/events")
    URI events;

    @Test
    void eventStreamSaysHelloThenCarriesChanges() {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading =
                response.thenAcceptAsync(
                        r -> {
                            assertThat(r.headers().firstValue("content-type"))
                                    .hasValueSatisfying(
                                            t -> assertThat(t).startsWith("text/event-stream"));
                            r.body().forEach(lines::add);
                        });
        try {
            // 1. the stream opens with hello
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("\"hello\"")));

            // 2. a manifest and a progress record arrive as events, as JSON
            connector
                    .source("teacher-runs")
                    .send(Records.manifest("run-sse", "teacher-sse-e1", RunStatus.STREAMING));
            connector
                    .source("training-progress")
                    .send(Records.progress("job-sse", WorkState.RUNNING, 2));
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    lines.stream()
                                            .anyMatch(
                                                    l ->
                                                            l.startsWith("data:")
                                                                    && l.contains(
                                                                            "\"type\":\"progress\"")
                                                                    && l.contains(
                                                                            "\"id\":\"job-sse\"")));
            assertThat(lines)
                    .anyMatch(
                            l ->
                                    l.startsWith("data:")
                                            && l.contains("\"type\":\"run\"")
                                            && l.contains("\"runId\":\"run-sse\""));
        } finally {
            reading.cancel(true);
            response.thenAccept(r -> r.body().close());
        }

        // the same state over REST
        given().get("/api/runs").then().statusCode(200).body("runId", hasItem("run-sse"));
        given().get("/api/progress").then().statusCode(200).body("id", hasItem("job-sse"));
        given().get("/api/architectures")
                .then()
                .statusCode(200)
                .body("", hasItem("tutorial-student"));
    }

    @Test
    void presetsAreListedAndRunByName() {
        given().get("/api/experiments/presets")
                .then()
                .statusCode(200)
                .body(
                        "name",
                        org.hamcrest.Matchers.contains(
                                "few-labels", "transfer-without-class", "temperature-sweep"))
                .body("find { it.name == 'few-labels' }.defaults.labelFractions", hasSize(2))
                .body(
                        "find { it.name == 'few-labels' }.defaults.repeats",
                        org.hamcrest.Matchers.is(3));
        given().auth()
                .preemptive()
                .basic("kd", "kd-test-password")
                .contentType("application/json")
                .body("{\"teacherRunId\": \"run-nobody\"}")
                .post("/api/experiments/presets/few-shot")
                .then()
                .statusCode(404)
                .body("error", org.hamcrest.Matchers.is("unknown preset 'few-shot'"));
        given().auth()
                .preemptive()
                .basic("kd", "kd-test-password")
                .contentType("application/json")
                .body("{\"teacherRunId\": \"run-nobody\"}")
                .post("/api/experiments/presets/transfer-without-class")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("teacherRunId"));
    }

    @Test
    void misclassifiedDigitsOfAnEvaluatedModel() {
        connector
                .source("models")
                .send(
                        Records.checkpoint(
                                "digits-e1",
                                ModelRole.STUDENT,
                                "tutorial-student",
                                "digits-job",
                                1,
                                1,
                                Records.untrainedParameters("tutorial-student")));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/evaluations/digits-e1").statusCode() == 200);

        List<Map<String, Object>> digits =
                given().get("/api/evaluations/digits-e1/misclassified?limit=5")
                        .then()
                        .statusCode(200)
                        .body("width", org.hamcrest.Matchers.is(28))
                        .body("digits", hasSize(5))
                        .extract()
                        .path("digits");
        MnistSplit test = Mnist.test(Mnist.defaultDataDir());
        for (Map<String, Object> d : digits) {
            int index = (Integer) d.get("index");
            assertThat(d.get("predicted")).isNotEqualTo(d.get("label"));
            assertThat(d.get("label")).isEqualTo(test.labels()[index]);
            byte[] pixels = Base64.getDecoder().decode((String) d.get("pixels"));
            assertThat(pixels)
                    .hasSize(784)
                    .containsExactly(
                            java.util.Arrays.copyOfRange(
                                    test.rawImages(), index * 784, index * 784 + 784));
        }
        given().get("/api/evaluations/digits-e1/misclassified?limit=0").then().statusCode(400);
        given().get("/api/evaluations/nobody-e1/misclassified").then().statusCode(404);
    }
}
