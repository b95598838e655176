package io.kdstream.evaluator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

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
 * Who may submit experiments: both POSTs need HTTP Basic as user kd (the %test password), a JSON
 * Content-Type and no foreign Origin; reads stay open. An accepted request for an unknown teacher
 * run reaches the resource and is answered 400 naming {@code teacherRunId}, which tells it apart
 * from the 401/403/415 of the checks.
 */
@QuarkusTest
class ApiSecurityTest {

    static final String PASSWORD = "kd-test-password";
    private static final String BODY = "{\"teacherRunId\": \"run-nobody\"}";

    @Test
    void anonymousOrWrongPasswordIs401OnBothPosts() {
        for (String path :
                new String[] {"/api/experiments", "/api/experiments/presets/few-labels"}) {
            given().contentType(ContentType.JSON).body(BODY).post(path).then().statusCode(401);
            given().auth()
                    .preemptive()
                    .basic("kd", "wrong")
                    .contentType(ContentType.JSON)
                    .body(BODY)
                    .post(path)
                    .then()
                    .statusCode(401);
            given().auth()
                    .preemptive()
                    .basic("kd", "")
                    .contentType(ContentType.JSON)
                    .body(BODY)
                    .post(path)
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void anOperatorReachesTheResource() {
        operator()
                .contentType(ContentType.JSON)
                .body(BODY)
                .post("/api/experiments/presets/few-labels")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("teacherRunId"));
    }

    @Test
    void aPostWithoutJsonContentTypeIs415() throws Exception {
        // what a cross-site page can send without a preflight: no Content-Type (a plain
        // HttpClient: RestAssured would add one of its own) ...
        HttpResponse<String> bare = postWithoutContentType("Basic " + base64("kd:" + PASSWORD));
        assertThat(bare.statusCode()).isEqualTo(415);
        assertThat(bare.body()).contains("Content-Type: application/json");
        // ... or text (Quarkus REST refuses it itself: @Consumes)
        operator()
                .contentType("text/plain")
                .body(BODY)
                .post("/api/experiments")
                .then()
                .statusCode(415);
        // without credentials the answer is 401 first: the content check comes after the login
        assertThat(postWithoutContentType(null).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> postWithoutContentType(String authorization)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://localhost:"
                                                + RestAssured.port
                                                + "/api/experiments"))
                        .POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aForeignOriginIs403EvenWithCredentialsAndTheOwnOriginIsNot() {
        operator()
                .header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .body(BODY)
                .post("/api/experiments")
                .then()
                .statusCode(403);
        // the dashboard's own requests carry the page's origin
        operator()
                .header("Origin", "http://localhost:" + RestAssured.port)
                .contentType(ContentType.JSON)
                .body(BODY)
                .post("/api/experiments/presets/few-labels")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("teacherRunId"));
    }

    @Test
    void readsStayOpen() {
        given().get("/api/experiments").then().statusCode(200);
        given().get("/api/experiments/presets").then().statusCode(200);
        given().get("/api/status").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("kd", PASSWORD);
    }
}
