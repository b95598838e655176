package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.DashboardEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fans the evaluator's state changes out to every open dashboard (server-sent events) and to the
 * metrics.
 *
 * <p>This is an in-process fan-out, not a Kafka channel: a Mutiny {@link BroadcastProcessor} hands
 * each event to the subscribers present at that moment and to no one else, so an event with no
 * dashboard open costs nothing and nothing is kept for later. A dashboard loads the state over REST
 * when its stream says {@code hello}, then applies the events. Events come from several consumer
 * threads, so the processor is serialized. Each subscriber has its own bounded buffer; a subscriber
 * that falls further behind gets a failure, and a browser's EventSource then reconnects and reloads
 * the state.
 */
@ApplicationScoped
public class DashboardEvents {

    private static final int BUFFER_PER_SUBSCRIBER = 1024;

    private final BroadcastProcessor<DashboardEvent> broadcast = BroadcastProcessor.create();
    private final SerializedProcessor<DashboardEvent, DashboardEvent> processor =
            broadcast.serialized();

    /**
     * Emits an event to the current subscribers.
     *
     * @param type the event type, one of the constants of {@link DashboardEvent}
     * @param data the new value
     */
    public void emit(String type, Object data) {
        processor.onNext(DashboardEvent.of(type, data));
    }

    /**
     * Returns the events emitted from now on.
     *
     * @return the events, buffered per subscriber
     */
    public Multi<DashboardEvent> stream() {
        return broadcast.onOverflow().buffer(BUFFER_PER_SUBSCRIBER);
    }

    @PreDestroy
    void close() {
        processor.onComplete();
    }
}
