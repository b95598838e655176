package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.evaluation.DashboardEvents;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The evaluator's state changes as server-sent events, for the dashboard: runs, experiments,
 * progress, evaluations and comparisons, each a JSON {@link DashboardEvent}.
 *
 * <p>A stream starts with a {@code hello} event, upon which the client loads the current state over
 * REST, and carries a {@code ping} every 15 s so that idle connections stay open.
 */
@Path("/api/events")
public class EventResource {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    private final DashboardEvents events;

    public EventResource(DashboardEvents events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DashboardEvent> stream() {
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
                        changes);
    }
}
