package io.kdstream.evaluator.evaluation;

import io.kdstream.core.data.MnistDataException;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Holds checkpoints back until the MNIST test set they are evaluated on loads.
 *
 * <p>A missing or damaged test set is the evaluator's setup, not the checkpoint's fault: nacking
 * would dead-letter every checkpoint for good, and a restart would skip them as already
 * dead-lettered. So the models channel's (blocking, ordered) method waits here instead, checking
 * the files again every {@code kd.evaluator.test-set-retry-seconds}. While it waits the Kafka
 * connector pauses the partitions once its buffer is full but keeps polling, so the consumer stays
 * in its group; readiness is DOWN ({@code MnistTestSetHealthCheck} loads the same split). A pause
 * with the connector's pausable channels would still need this re-check to know when to resume, so
 * the wait is the simpler of the two.
 */
@ApplicationScoped
public class TestSetGate {

    /** How often the warning is repeated while checkpoints wait. */
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final CheckpointEvaluator evaluator;
    private final Duration retry;
    private volatile boolean stopping;
    private volatile Instant waitingSince;

    public TestSetGate(CheckpointEvaluator evaluator, EvaluatorConfig config) {
        this.evaluator = evaluator;
        this.retry = Duration.ofSeconds(Math.max(1, config.evaluator().testSetRetrySeconds()));
    }

    /**
     * Returns once the test set loads, waiting as long as it takes.
     *
     * @return true when it loaded; false when the service stops (or the thread is interrupted)
     *     first, in which case the checkpoint must be neither evaluated nor dead-lettered
     */
    public boolean await() {
        long lastWarning = 0;
        boolean warned = false;
        while (!stopping) {
            try {
                evaluator.testSet();
                if (waitingSince != null) {
                    Log.infof(
                            "The MNIST test set loads now; checkpoints held since %s are evaluated",
                            waitingSince);
                    waitingSince = null;
                }
                return true;
            } catch (MnistDataException e) {
                if (waitingSince == null) {
                    waitingSince = Instant.now();
                }
                long now = System.nanoTime();
                if (!warned || now - lastWarning >= WARN_EVERY.toNanos()) {
                    // the exception's message names the file and the fix (scripts/fetch-mnist.sh,
                    // KD_DATA_DIR)
                    Log.warnf(
                            "Checkpoints wait for the MNIST test set (models channel paused,"
                                    + " readiness DOWN, checked every %d s): %s",
                            retry.toSeconds(), e.getMessage());
                    lastWarning = now;
                    warned = true;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Returns since when checkpoints have waited for the test set.
     *
     * @return the start of the current wait, empty when none waits
     */
    public Optional<Instant> waitingSince() {
        return Optional.ofNullable(waitingSince);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
