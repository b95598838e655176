package io.kdstream.teacher.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kdstream.teacher.domain.RunInfo;
import io.kdstream.teacher.domain.RunRequestRejected;
import io.kdstream.teacher.domain.TeacherStatus;
import io.kdstream.teacher.training.TeacherService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The teacher's REST API: re-stream an existing checkpoint, list this instance's runs, and show
 * what the teacher is doing.
 */
@Path("/api/teacher")
@Produces(MediaType.APPLICATION_JSON)
public class TeacherResource {

    /** Retry-After of a 429: about the time one queued run takes to start. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final TeacherService service;

    TeacherResource(TeacherService service) {
        this.service = service;
    }

    /**
     * Streams the training images again through an existing teacher checkpoint, without retraining.
     * The body is optional: {@code {"modelId": "...", "trainLimit": n}}. Needs HTTP Basic as an
     * operator (401 without, 403 with another role) and Content-Type application/json (415 without:
     * {@link io.kdstream.core.api.JsonWritesOnly}), even for an empty body.
     *
     * @param request the body, or {@code null}
     * @return 202 with the queued run; 400, 404 or 409 with an {@link ErrorResponse}; 429 with a
     *     Retry-After header when {@code kd.teacher.max-queued-runs} runs are queued
     */
    @POST
    @Path("/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response startRun(RunRequest request) {
        RunRequest body = request == null ? new RunRequest(null, null) : request;
        RunInfo run =
                service.requestRun(
                        Optional.ofNullable(body.modelId()),
                        Optional.ofNullable(body.trainLimit()));
        return Response.accepted(run)
                .location(UriBuilder.fromPath("/api/teacher/runs/{id}").build(run.runId()))
                .build();
    }

    /** Lists the runs started by this instance, oldest first. */
    @GET
    @Path("/runs")
    public List<RunInfo> runs() {
        return service.runs();
    }

    /** Shows one run started by this instance. */
    @GET
    @Path("/runs/{runId}")
    public Response run(@PathParam("runId") String runId) {
        return service.run(runId)
                .map(r -> Response.ok(r).build())
                .orElseGet(
                        () ->
                                error(
                                        Response.Status.NOT_FOUND,
                                        "no run '" + runId + "' was started by this instance"));
    }

    /** Shows the phase (idle, training, streaming) and the latest checkpoint. */
    @GET
    @Path("/status")
    public TeacherStatus status() {
        return service.status();
    }

    @ServerExceptionMapper
    Response rejected(RunRequestRejected e) {
        Response.Status status =
                switch (e.reason()) {
                    case INVALID -> Response.Status.BAD_REQUEST;
                    case NOT_FOUND -> Response.Status.NOT_FOUND;
                    case CONFLICT -> Response.Status.CONFLICT;
                    case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
                    case TOO_MANY -> Response.Status.TOO_MANY_REQUESTS;
                };
        Response response = error(status, e.getMessage());
        if (e.reason() == RunRequestRejected.Reason.TOO_MANY) {
            // a queued run starts once the one ahead finishes streaming, typically within a minute
            return Response.fromResponse(response)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
        return response;
    }

    @ServerExceptionMapper
    Response unreadable(JsonProcessingException e) {
        return error(
                Response.Status.BAD_REQUEST,
                "the body must be JSON like {\"modelId\": \"teacher-1a2b3c4d-e3\", \"trainLimit\":"
                        + " 6000}, both optional: "
                        + e.getOriginalMessage());
    }

    /** Quarkus wraps JSON that does not parse at all in a bare 400; give it a message too. */
    @ServerExceptionMapper
    Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        return e.getResponse();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(status.getStatusCode(), message))
                .build();
    }
}
