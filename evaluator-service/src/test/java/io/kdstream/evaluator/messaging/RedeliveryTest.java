package io.kdstream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A send outlasts Kafka being away, and only that. */
class RedeliveryTest {

    private static final Duration PAUSE = Duration.ofMillis(10);

    /** Fails {@code failures} times with {@code error}, then succeeds; counts the tries. */
    private static Uni<Void> send(AtomicInteger tries, int failures, RuntimeException error) {
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .invoke(
                        () -> {
                            if (tries.incrementAndGet() <= failures) {
                                throw error;
                            }
                        });
    }

    @Test
    void aSendIsTriedAgainWhileKafkaIsAway() {
        AtomicInteger tries = new AtomicInteger();
        Redelivery.await(
                send(tries, 3, new TimeoutException("expired waiting for an ack")),
                Duration.ofSeconds(30),
                PAUSE);
        assertThat(tries).hasValue(4);
    }

    @Test
    void anyOtherFailureIsFinalAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                Redelivery.await(
                                        send(tries, 3, new IllegalArgumentException("bad record")),
                                        Duration.ofSeconds(30),
                                        PAUSE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void anOutageLongerThanTheLimitFails() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                Redelivery.await(
                                        send(
                                                tries,
                                                Integer.MAX_VALUE,
                                                new TimeoutException("down")),
                                        Duration.ofMillis(300),
                                        PAUSE))
                .isNotNull();
        assertThat(tries.get()).isGreaterThan(1);
    }
}
