package io.kdstream.evaluator.evaluation;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells when the replay of the student-jobs topic, started with the process, has reached the end
 * the topic had at start.
 *
 * <p>The standard experiment of a teacher run is submitted once per run id, and whether it was
 * submitted is known only from the jobs on the topic. Until the replay has caught up, a COMPLETE
 * manifest read early could look unanswered, so auto experiments wait for this position. Without
 * expectations (no broker, as in the in-memory tests) it counts as caught up.
 */
public final class JobLogPosition {

    private final Map<Integer, Long> endOffsets = new HashMap<>();
    private boolean caughtUp = true;

    /**
     * Sets the offsets to reach: for each partition the offset after its last record at start.
     *
     * @param starts the first offset of each partition
     * @param ends the offset after the last record of each partition
     */
    public synchronized void expect(Map<Integer, Long> starts, Map<Integer, Long> ends) {
        endOffsets.clear();
        ends.forEach(
                (partition, end) -> {
                    if (end > starts.getOrDefault(partition, 0L)) {
                        endOffsets.put(partition, end);
                    }
                });
        caughtUp = endOffsets.isEmpty();
    }

    /**
     * Notes a record read from the topic.
     *
     * @param partition its partition
     * @param offset its offset
     * @return whether this record made the replay catch up
     */
    public synchronized boolean consumed(int partition, long offset) {
        Long end = endOffsets.get(partition);
        if (end != null && offset + 1 >= end) {
            endOffsets.remove(partition);
        }
        if (!caughtUp && endOffsets.isEmpty()) {
            caughtUp = true;
            return true;
        }
        return false;
    }

    /**
     * Gives up waiting: counts as caught up from now on.
     *
     * @return whether it was not caught up before
     */
    public synchronized boolean giveUp() {
        boolean was = caughtUp;
        endOffsets.clear();
        caughtUp = true;
        return !was;
    }

    /**
     * Returns whether the replay has reached the end the topic had at start.
     *
     * @return whether it caught up
     */
    public synchronized boolean caughtUp() {
        return caughtUp;
    }
}
