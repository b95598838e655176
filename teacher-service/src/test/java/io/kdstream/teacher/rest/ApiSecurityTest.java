package io.kdstream.teacher.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Who may start a run: {@code POST /api/teacher/runs} needs HTTP Basic as user kd (password {@code
 * %test.quarkus.security.users.embedded.users.kd}), a JSON Content-Type and no foreign Origin;
 * reads stay open. With the in-memory connector and nothing trained, an accepted request reaches
 * the resource and is answered 409 "trained no teacher", which tells it apart from the 401/403/415
 * of the checks.
 */
@QuarkusTest
class ApiSecurityTest {

    static final String PASSWORD = "kd-test-password";

    @Test
    void anonymousOrWrongPasswordIs401() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsStringIgnoringCase("basic"));
        given().auth()
                .preemptive()
                .basic("kd", "wrong")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("kd", "")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401);
    }

    @Test
    void anOperatorReachesTheResourceWithJsonOrAnEmptyJsonBody() {
        operator()
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(409)
                .body("error", containsString("trained no teacher"));
        // an empty body typed as JSON still means "the latest checkpoint"
        operator()
                .contentType(ContentType.JSON)
                .post("/api/teacher/runs")
                .then()
                .statusCode(409)
                .body("error", containsString("trained no teacher"));
        operator()
                .contentType(ContentType.JSON)
                .body("{\"trainLimit\": -1}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("trainLimit"));
    }

    @Test
    void aPostWithoutJsonContentTypeIs415() throws Exception {
        // what a cross-site page can send without a preflight: no body and no Content-Type (a
        // plain HttpClient: RestAssured would add a Content-Type of its own) ...
        HttpResponse<String> bare =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://localhost:"
                                                                + RestAssured.port
                                                                + "/api/teacher/runs"))
                                        .header("Authorization", basic(PASSWORD))
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(415);
        assertThat(bare.body()).contains("Content-Type: application/json");
        // ... or a form / plain text body (Quarkus REST refuses these itself: @Consumes)
        operator()
                .contentType("text/plain")
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(415);
        operator()
                .contentType(ContentType.URLENC)
                .formParam("modelId", "x")
                .post("/api/teacher/runs")
                .then()
                .statusCode(415);
    }

    @Test
    void aForeignOriginIs403EvenWithCredentials() {
        operator()
                .header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(403);
        operator()
                .header("Origin", "null")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(403);
        // this service's own origin is accepted, as from a page it served
        operator()
                .header("Origin", "http://localhost:" + RestAssured.port)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(409);
    }

    @Test
    void readsStayOpen() {
        given().get("/api/teacher/status").then().statusCode(200);
        given().get("/api/teacher/runs").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    private static String basic(String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("kd:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("kd", PASSWORD);
    }
}
