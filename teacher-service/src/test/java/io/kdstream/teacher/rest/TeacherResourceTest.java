package io.kdstream.teacher.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.teacher.domain.RunRequestRejected;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** How the REST API answers a refused run; plain JUnit, the mapper is a method. */
class TeacherResourceTest {

    @Test
    void aFullQueueIs429WithRetryAfterAndTheReason() {
        Response response =
                new TeacherResource(null)
                        .rejected(
                                new RunRequestRejected(
                                        RunRequestRejected.Reason.TOO_MANY,
                                        "2 runs are queued, the limit"
                                                + " (kd.teacher.max-queued-runs=2)"));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("30");
        assertThat(response.getEntity())
                .isEqualTo(
                        new ErrorResponse(
                                429,
                                "2 runs are queued, the limit (kd.teacher.max-queued-runs=2)"));
    }

    @Test
    void otherRefusalsHaveNoRetryAfter() {
        Response response =
                new TeacherResource(null)
                        .rejected(
                                new RunRequestRejected(
                                        RunRequestRejected.Reason.NOT_FOUND, "no checkpoint"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }
}
