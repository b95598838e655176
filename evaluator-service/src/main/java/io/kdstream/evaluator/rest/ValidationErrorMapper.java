package io.kdstream.evaluator.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.kdstream.evaluator.domain.Violation;
import io.kdstream.evaluator.evaluation.InvalidExperimentException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers an invalid experiment with 400 and a body naming each invalid field and why: one that
 * breaks the rules ({@link InvalidExperimentException}), and one that is not even the right JSON (a
 * value of the wrong type, a body that does not parse), in the same shape.
 */
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

    /**
     * A body Jackson cannot bind: not JSON, or a value of the wrong type ({@link StrictJson} turns
     * off the coercions that would let {@code "epochs": 2.5} or {@code "label": 42} through).
     * Jackson stops at the first such value, so only that one is named; the field is its JSON path.
     */
    @ServerExceptionMapper({
        MismatchedInputException.class,
        JsonParseException.class,
        JsonProcessingException.class
    })
    public Response unreadable(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = path(m.getPath());
        }
        String why = e.getOriginalMessage();
        int newline = why.indexOf('\n');
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(
                        new ValidationError(
                                "invalid experiment",
                                List.of(
                                        new Violation(
                                                field,
                                                "cannot be read: "
                                                        + (newline < 0
                                                                ? why
                                                                : why.substring(0, newline))))))
                .build();
    }

    /**
     * A body that is not JSON at all: Quarkus REST wraps Jackson's parse error in a 400 {@link
     * WebApplicationException} with no body; answered like the others. Any other such exception
     * keeps its own response.
     */
    @ServerExceptionMapper
    public Response unparsable(WebApplicationException e) {
        return e.getCause() instanceof JsonProcessingException j
                        && e.getResponse().getStatus()
                                == Response.Status.BAD_REQUEST.getStatusCode()
                ? unreadable(j)
                : e.getResponse();
    }

    /** {@code students[0].epochs} from Jackson's path of references. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.isEmpty() ? "body" : b.toString();
    }
}
