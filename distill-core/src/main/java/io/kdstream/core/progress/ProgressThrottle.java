package io.kdstream.core.progress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides which progress ticks go to Kafka: RUNNING ticks at most about once per interval per work
 * id, every other state always (a status change must never be dropped).
 *
 * <p>Why: a training step takes milliseconds, and one record per step would flood the
 * training-progress topic and everyone who follows it, for no information a person can see.
 */
public final class ProgressThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    /**
     * Creates a throttle on the system's monotonic clock.
     *
     * @param interval the least time between two RUNNING ticks of the same work
     * @param unit the interval's unit
     */
    public ProgressThrottle(long interval, TimeUnit unit) {
        this(interval, unit, System::nanoTime);
    }

    /**
     * Creates a throttle on a given clock, so that a test can move time instead of sleeping.
     *
     * @param interval the least time between two RUNNING ticks of the same work
     * @param unit the interval's unit
     * @param nanoTime the clock, read as {@link System#nanoTime()} is: only differences count
     */
    ProgressThrottle(long interval, TimeUnit unit, LongSupplier nanoTime) {
        this.intervalNanos = unit.toNanos(interval);
        this.nanoTime = nanoTime;
    }

    /**
     * Says whether a tick goes out now, and if so, counts it as sent.
     *
     * @param update the tick
     * @return {@code false} for a RUNNING tick that comes too soon after the previous one
     */
    public boolean admit(ProgressUpdate update) {
        if (update.state() != ProgressUpdate.State.RUNNING) {
            lastSent.remove(update.id());
            return true;
        }
        long now = nanoTime.getAsLong();
        Long last = lastSent.get(update.id());
        if (last != null && now - last < intervalNanos) {
            return false;
        }
        lastSent.put(update.id(), now);
        return true;
    }

    /**
     * Counts a tick sent without asking, such as an epoch's end, so the next RUNNING tick waits its
     * interval from there; a final state forgets the work.
     *
     * @param update the tick
     */
    public void sent(ProgressUpdate update) {
        if (update.state() == ProgressUpdate.State.RUNNING) {
            lastSent.put(update.id(), nanoTime.getAsLong());
        } else {
            lastSent.remove(update.id());
        }
    }
}
