package io.kdstream.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waits of the fault scenarios: generous limits, because 2 cores run four JVMs and a broker. */
final class Awaits {

    static final Duration DEFAULT = Duration.ofMinutes(3);

    private Awaits() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    static void until(String what, Duration limit, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(limit)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(condition::getAsBoolean);
    }
}
