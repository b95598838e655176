package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.evaluation.DashboardEvents;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The evaluator's state changes as server-sent events, for the dashboard: runs, experiments,
 * progress, evaluations and comparisons, each a JSON {@link DashboardEvent}.
 *
 * <p>A stream starts with a {@code hello} event, upon which the client loads the current state over
 * REST, and carries a {@code ping} every 15 s so that idle connections stay open. At most {@code
 * kd.evaluator.max-event-streams} streams are open at once (100); one more is answered 503.
 */
@Path("/api/events")
public class EventResource {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    /** Seconds a client refused for too many streams is told to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final DashboardEvents events;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();

    @Inject
    public EventResource(DashboardEvents events, EvaluatorConfig config) {
        this(events, config.evaluator().maxEventStreams());
    }

    EventResource(DashboardEvents events, int maxStreams) {
        this.events = events;
        this.maxStreams = maxStreams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DashboardEvent> stream() {
        if (open.get() >= maxStreams) {
            throw new WebApplicationException(
                    Response.status(Response.Status.SERVICE_UNAVAILABLE)
                            .header("Retry-After", RETRY_AFTER_SECONDS)
                            .type(MediaType.APPLICATION_JSON)
                            .entity(
                                    Map.of(
                                            "error",
                                            maxStreams
                                                    + " event streams are open, the most"
                                                    + " kd.evaluator.max-event-streams allows;"
                                                    + " try again later"))
                            .build());
        }
        Multi<DashboardEvent> pings =
                Multi.createFrom()
                        .ticks()
                        .every(PING_INTERVAL)
                        .onOverflow()
                        .drop()
                        .map(t -> DashboardEvent.of(DashboardEvent.PING, null));
        // hello first; the changes are subscribed to as soon as it is emitted, before a client
        // that received it can ask for the state, so no change after that state is missed
        Multi<DashboardEvent> changes = Multi.createBy().merging().streams(events.stream(), pings);
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(DashboardEvent.of(DashboardEvent.HELLO, null)),
                        changes)
                .onSubscription()
                .invoke(open::incrementAndGet)
                .onTermination()
                .invoke(open::decrementAndGet);
    }
}
