package io.kdstream.teacher.training;

import io.kdstream.teacher.domain.RunInfo;
import io.kdstream.teacher.domain.RunRequestRejected;
import io.kdstream.teacher.domain.RunRequestRejected.Reason;
import io.kdstream.teacher.domain.RunState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The runs of this instance, oldest first, within bounds: a teacher that runs for months must not
 * keep every run in memory, nor take requests faster than it streams. At most {@code maxQueued}
 * requested runs wait for the worker; of the finished runs only the newest {@code maxFinished}
 * stay, since their manifests stay on the teacher-runs topic anyway. Thread-safe.
 */
final class RunBook {

    private final int maxQueued;
    private final int maxFinished;
    private final Map<String, RunInfo> runs = new LinkedHashMap<>();

    /**
     * Creates an empty book.
     *
     * @param maxQueued {@code kd.teacher.max-queued-runs}, at least 1
     * @param maxFinished {@code kd.teacher.max-finished-runs}, at least 0
     * @throws IllegalArgumentException if a bound is out of range
     */
    RunBook(int maxQueued, int maxFinished) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException(
                    "kd.teacher.max-queued-runs must be >= 1, got " + maxQueued);
        }
        if (maxFinished < 0) {
            throw new IllegalArgumentException(
                    "kd.teacher.max-finished-runs must be >= 0, got " + maxFinished);
        }
        this.maxQueued = maxQueued;
        this.maxFinished = maxFinished;
    }

    /** Adds the start-up run, which no request made and the queue bound does not count against. */
    synchronized RunInfo add(RunInfo run) {
        runs.put(run.runId(), run);
        return run;
    }

    /**
     * Adds a requested run if the queue has room.
     *
     * @throws RunRequestRejected with {@link Reason#TOO_MANY} if {@code maxQueued} runs wait
     */
    synchronized RunInfo enqueue(RunInfo run) {
        requireRoom();
        return add(run);
    }

    /**
     * Checks that a requested run would fit, before any work is done for it.
     *
     * @throws RunRequestRejected with {@link Reason#TOO_MANY} if {@code maxQueued} runs wait
     */
    synchronized void requireRoom() {
        if (queued() >= maxQueued) {
            throw new RunRequestRejected(
                    Reason.TOO_MANY,
                    maxQueued
                            + " runs are queued, the limit (kd.teacher.max-queued-runs="
                            + maxQueued
                            + "): retry once one has started");
        }
    }

    /** Changes a run; a run that finishes may push the oldest finished run out. */
    synchronized void update(String runId, UnaryOperator<RunInfo> change) {
        RunInfo changed = runs.computeIfPresent(runId, (k, r) -> change.apply(r));
        if (changed != null && finished(changed)) {
            dropOldestFinished();
        }
    }

    synchronized List<RunInfo> all() {
        return new ArrayList<>(runs.values());
    }

    synchronized Optional<RunInfo> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    synchronized int queued() {
        return (int) runs.values().stream().filter(r -> r.status() == RunState.QUEUED).count();
    }

    private void dropOldestFinished() {
        long excess = runs.values().stream().filter(RunBook::finished).count() - maxFinished;
        // insertion order is request order, so the first finished runs are the oldest
        for (Iterator<RunInfo> it = runs.values().iterator(); excess > 0 && it.hasNext(); ) {
            if (finished(it.next())) {
                it.remove();
                excess--;
            }
        }
    }

    private static boolean finished(RunInfo run) {
        return run.status() == RunState.COMPLETE || run.status() == RunState.FAILED;
    }
}
