package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.Violation;
import io.kdstream.evaluator.evaluation.InvalidExperimentException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers an invalid experiment with 400 and a body naming each invalid field and why. */
public class ValidationErrorMapper {

    /**
     * The body of a 400 answer.
     *
     * @param error a one-line summary
     * @param violations every invalid field
     */
    public record ValidationError(String error, List<Violation> violations) {}

    @ServerExceptionMapper
    public Response invalid(InvalidExperimentException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ValidationError("invalid experiment", e.violations()))
                .build();
    }
}
