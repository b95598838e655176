package io.kdstream.teacher.domain;

import io.kdstream.core.run.OffsetRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the partition and offset of every acknowledged record of a run and reduces them to one
 * range per partition.
 *
 * <p>Thread-safe: the producer's acknowledgements arrive on its I/O thread.
 */
public final class OffsetTracker {

    private final Map<Integer, long[]> minMax = new TreeMap<>();
    private final Map<Integer, Long> counts = new TreeMap<>();
    private long total;

    /**
     * Records one acknowledged record.
     *
     * @param partition its partition
     * @param offset its offset
     */
    public synchronized void record(int partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException(
                    "no offset for a record in partition " + partition + " (" + offset + ")");
        }
        long[] mm = minMax.computeIfAbsent(partition, p -> new long[] {offset, offset});
        mm[0] = Math.min(mm[0], offset);
        mm[1] = Math.max(mm[1], offset);
        counts.merge(partition, 1L, Long::sum);
        total++;
    }

    /** Returns the number of records recorded. */
    public synchronized long count() {
        return total;
    }

    /** Returns [min, max + 1) per partition, by partition. */
    public synchronized List<OffsetRange> ranges() {
        List<OffsetRange> ranges = new ArrayList<>();
        minMax.forEach((p, mm) -> ranges.add(new OffsetRange(p, mm[0], mm[1] + 1)));
        return ranges;
    }

    /**
     * Returns whether the ranges hold nothing but this run's records, that is whether no other
     * producer wrote to the same partitions while the run streamed.
     *
     * @return {@code true} if each range's length equals the records recorded in it
     */
    public synchronized boolean contiguous() {
        for (OffsetRange r : ranges()) {
            if (r.size() != counts.get(r.partition())) {
                return false;
            }
        }
        return true;
    }
}
