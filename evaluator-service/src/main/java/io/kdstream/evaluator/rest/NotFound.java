package io.kdstream.evaluator.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The JSON answer for an unknown id. */
final class NotFound {

    private NotFound() {}

    static Response response(String what, String id) {
        return Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "unknown " + what + " '" + id + "'"))
                .build();
    }
}
