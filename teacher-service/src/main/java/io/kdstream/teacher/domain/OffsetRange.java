package io.kdstream.teacher.domain;

/**
 * Offsets [startOffset, endOffset) of a run's batches in one partition of the logits topic.
 *
 * @param partition the partition
 * @param startOffset the first offset, inclusive
 * @param endOffset one past the last offset
 */
public record OffsetRange(int partition, long startOffset, long endOffset) {

    /** Returns the number of offsets in the range. */
    public long length() {
        return endOffset - startOffset;
    }
}
