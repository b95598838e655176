package io.kdstream.evaluator.evaluation;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells when the replay of some of the evaluator's incoming topics, started with the process, has
 * reached the ends those topics had at start. Without expectations (no broker, as in the in-memory
 * tests) it counts as caught up.
 *
 * <p>Two are kept. {@link ComparisonService} follows every incoming topic: until they are caught up
 * the state is half rebuilt, in an order no one chose (six topics, several partitions each), so a
 * comparison computed from it can lack a finished job or a teacher, and publishing it would
 * overwrite the complete one on the compacted topic. {@link ExperimentService} follows the
 * student-jobs topic alone: a run's standard experiment is submitted once per run id, and whether
 * it was is known only from the jobs on that topic, so a COMPLETE manifest read early could look
 * unanswered.
 */
public final class ReplayPosition {

    private final Map<String, Long> endOffsets = new HashMap<>();
    private boolean caughtUp = true;

    /**
     * Adds the offsets to reach in one topic: for each partition the offset after its last record
     * at start. Empty partitions are nothing to wait for.
     *
     * @param topic the topic
     * @param starts the first offset of each partition
     * @param ends the offset after the last record of each partition
     */
    public synchronized void expect(
            String topic, Map<Integer, Long> starts, Map<Integer, Long> ends) {
        ends.forEach(
                (partition, end) -> {
                    if (end > starts.getOrDefault(partition, 0L)) {
                        endOffsets.put(key(topic, partition), end);
                    }
                });
        caughtUp = endOffsets.isEmpty();
    }

    /**
     * Notes a record read (and handled) from a topic.
     *
     * @param topic its topic
     * @param partition its partition
     * @param offset its offset
     * @return whether this record made the replay catch up
     */
    public synchronized boolean consumed(String topic, int partition, long offset) {
        String key = key(topic, partition);
        Long end = endOffsets.get(key);
        if (end != null && offset + 1 >= end) {
            endOffsets.remove(key);
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
     * Returns whether every partition has been read up to the end it had at start.
     *
     * @return whether it caught up
     */
    public synchronized boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Returns what is left to read, for logs.
     *
     * @return the end offset still to reach per {@code topic-partition}
     */
    public synchronized Map<String, Long> remaining() {
        return Map.copyOf(endOffsets);
    }

    private static String key(String topic, int partition) {
        return topic + "-" + partition;
    }
}
