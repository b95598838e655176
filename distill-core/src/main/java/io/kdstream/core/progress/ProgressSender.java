package io.kdstream.core.progress;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends progress ticks through a {@link ProgressThrottle}, best effort: the part every publisher of
 * progress shares, while the send itself stays with the publisher (its own emitter, key and record
 * fields), passed in as a function.
 *
 * <p>Why best effort: progress is for people watching; a full producer buffer or a closed channel
 * must not stop the training that produces it, so a send that throws is logged and dropped.
 */
public final class ProgressSender {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressSender.class);

    private final ProgressThrottle throttle;
    private final Consumer<ProgressUpdate> send;

    /**
     * Creates a sender.
     *
     * @param throttle decides which RUNNING ticks go out
     * @param send sends one tick without waiting; may throw, which drops the tick
     */
    public ProgressSender(ProgressThrottle throttle, Consumer<ProgressUpdate> send) {
        this.throttle = throttle;
        this.send = send;
    }

    /**
     * Sends a tick if the throttle admits it: RUNNING ticks at most once per interval per id, all
     * others always.
     *
     * @param update the tick
     */
    public void progress(ProgressUpdate update) {
        if (throttle.admit(update)) {
            send(update);
        }
    }

    /**
     * Sends a tick without asking the throttle, for the ticks that mark an epoch or a run's end;
     * the next RUNNING tick of its id waits its interval from this one.
     *
     * @param update the tick
     */
    public void progressNow(ProgressUpdate update) {
        sent(update);
        send(update);
    }

    /**
     * Counts a tick the caller sends by other means (such as a send that waits for the broker), so
     * the throttle sees it as {@link #progressNow} would.
     *
     * @param update the tick
     */
    public void sent(ProgressUpdate update) {
        throttle.sent(update);
    }

    private void send(ProgressUpdate update) {
        try {
            send.accept(update);
        } catch (RuntimeException e) {
            LOG.debug("Progress tick for {} dropped", update.id(), e);
        }
    }
}
