package io.kdstream.teacher.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without an API password the service runs, reads answer, and nobody can start a run: no password,
 * an empty one and the usual test password are all 401 (a missing password never means "open").
 */
@QuarkusTest
@TestProfile(NoApiPasswordTest.NoPassword.class)
class NoApiPasswordTest {

    /** The test profile with {@code kd.api.password} emptied, as when KD_API_PASSWORD is unset. */
    public static class NoPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kd.api.password", "");
        }
    }

    @Test
    void everyPostIs401AndReadsStayOpen() {
        for (String password : new String[] {"", ApiSecurityTest.PASSWORD, "kd"}) {
            given().auth()
                    .preemptive()
                    .basic("kd", password)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/api/teacher/runs")
                    .then()
                    .statusCode(401);
        }
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/teacher/runs")
                .then()
                .statusCode(401);
        given().get("/api/teacher/status").then().statusCode(200);
    }
}
