package io.kdstream.evaluator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.evaluation.DashboardEvents;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

/**
 * Event streams are bounded: one past the limit is refused with 503, and a closed one frees a
 * place.
 */
class EventResourceTest {

    @Test
    void refusesAStreamPastTheLimitUntilOneCloses() {
        EventResource resource = new EventResource(new DashboardEvents(), 2);
        AssertSubscriber<DashboardEvent> first =
                resource.stream().subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<DashboardEvent> second =
                resource.stream().subscribe().withSubscriber(AssertSubscriber.create(10));
        assertThat(first.getItems()).first().extracting(DashboardEvent::type).isEqualTo("hello");

        assertThatThrownBy(resource::stream)
                .isInstanceOfSatisfying(
                        WebApplicationException.class,
                        e -> {
                            assertThat(e.getResponse().getStatus()).isEqualTo(503);
                            assertThat(e.getResponse().getHeaderString("Retry-After"))
                                    .isEqualTo("5");
                        });

        second.cancel();
        AssertSubscriber<DashboardEvent> third =
                resource.stream().subscribe().withSubscriber(AssertSubscriber.create(10));
        assertThat(third.getItems()).first().extracting(DashboardEvent::type).isEqualTo("hello");
        first.cancel();
        third.cancel();
    }
}
