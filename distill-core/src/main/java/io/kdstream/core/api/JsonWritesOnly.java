package io.kdstream.core.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.Set;

/**
 * Answers 415 to a state-changing request whose Content-Type is not {@code application/json}.
 *
 * <p>Why: a page on another site can make a browser send a POST without a preflight only with no
 * Content-Type or a form or text one, and Quarkus REST routes a request that has no Content-Type to
 * an {@code @Consumes(APPLICATION_JSON)} method anyway (a body-less {@code POST /api/teacher/runs}
 * was answered 202). Requiring JSON forces such a page into a CORS preflight, which the CORS filter
 * ({@code quarkus.http.cors.*}) refuses for any origin not allowed. Runs after authentication and
 * authorization, so an anonymous request still gets 401.
 *
 * <p>One filter for every service with a REST API (discovered through {@code
 * quarkus.index-dependency.core.*}); reads (GET, HEAD, OPTIONS) are not touched.
 */
@Provider
public class JsonWritesOnly implements ContainerRequestFilter {

    private static final Set<String> READS =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public void filter(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || isJson(request.getMediaType())) {
            return;
        }
        request.abortWith(
                Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(
                                Map.of(
                                        "status",
                                        415,
                                        "error",
                                        request.getMethod()
                                                + " needs the header Content-Type:"
                                                + " application/json (got "
                                                + (request.getMediaType() == null
                                                        ? "none"
                                                        : request.getMediaType().toString())
                                                + "); an empty body is {} or nothing"))
                        .build());
    }

    /** application/json with any parameters (charset); wildcards do not count. */
    static boolean isJson(MediaType type) {
        return type != null
                && "application".equalsIgnoreCase(type.getType())
                && "json".equalsIgnoreCase(type.getSubtype());
    }
}
