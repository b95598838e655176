package io.kdstream.core.progress;

import io.kdstream.core.training.StepProgress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's view of a long training: one line every few seconds with the step, the loss, the
 * throughput and the time left. Every step would be hundreds of lines a second; epochs alone leave
 * minutes of silence on a CPU.
 *
 * <p>One instance per piece of work, used from its training thread.
 */
public final class StepLog {

    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String label;
    private long lastLog = System.nanoTime();

    /**
     * Creates the log of one piece of work.
     *
     * @param label how lines start, such as {@code "Teacher teacher-1a2b"} or {@code "Job
     *     exp-1-hinton"}
     */
    public StepLog(String label) {
        this.label = label;
    }

    /**
     * Logs a step, if the last line is old enough.
     *
     * @param p the step's figures
     */
    public void step(StepProgress p) {
        long now = System.nanoTime();
        if (now - lastLog < INTERVAL_NANOS) {
            return;
        }
        lastLog = now;
        LOG.info(
                String.format(
                        "%s epoch %d/%d step %d/%d: loss %.4f, %.0f samples/s, ETA %.0f s",
                        label,
                        p.epoch(),
                        p.epochs(),
                        p.step(),
                        p.stepsPerEpoch(),
                        p.loss(),
                        p.samplesPerSecond(),
                        p.etaSeconds()));
    }
}
