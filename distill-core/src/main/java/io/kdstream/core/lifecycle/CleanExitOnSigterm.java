package io.kdstream.core.lifecycle;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import sun.misc.Signal;

/**
 * Makes SIGTERM (docker stop, docker compose down, a Kubernetes pod deletion) an orderly stop that
 * ends with exit status 0, so that a clean stop and a failure look different to whoever watches the
 * exit status: 0 after a normal stop, 1 when the application failed, 137 when the stop took longer
 * than the grace period and the process was killed.
 *
 * <p>Without it the JVM's own SIGTERM handler runs the same shutdown (Quarkus stops from its
 * shutdown hook) but exits with 143 (128 + 15), so every container stopped by {@code docker compose
 * down} reports a non-zero exit. {@link Quarkus#asyncExit(int)} runs the same orderly shutdown
 * (ShutdownEvent observers, channels closed, Kafka producers flushed) on Quarkus' own terms.
 *
 * <p>One bean for all three services, found through {@code quarkus.index-dependency.core.*}.
 */
@ApplicationScoped
public class CleanExitOnSigterm {

    void onStart(@Observes StartupEvent event) {
        // Installed only once the application runs: a SIGTERM during start-up keeps the JVM's
        // default (143), since there is nothing to stop in order yet.
        Signal.handle(
                new Signal("TERM"),
                signal -> {
                    Log.info("SIGTERM: stopping in order (exit status 0 once stopped)");
                    Quarkus.asyncExit(0);
                });
    }
}
