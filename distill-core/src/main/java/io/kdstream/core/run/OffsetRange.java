package io.kdstream.core.run;

/**
 * Offsets [start, end) of a teacher run's logit records in one partition of the logits topic.
 *
 * @param partition the partition
 * @param start the first offset, inclusive
 * @param end one past the last offset
 */
public record OffsetRange(int partition, long start, long end) {

    /**
     * Returns the number of offsets in the range.
     *
     * @return {@code end - start}
     */
    public long size() {
        return end - start;
    }
}
