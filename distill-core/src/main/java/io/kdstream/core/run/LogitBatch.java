package io.kdstream.core.run;

import io.kdstream.core.data.Preprocessing;

/**
 * One teacher logit record as plain arrays: a batch of 28x28 images with their labels and the
 * teacher's logits, in the same order.
 *
 * <p>The teacher builds it to write, the student gets it from {@link
 * TeacherLogitBatchMapper#fromAvro}; the student trains on images, labels and logits by position,
 * so the arrays must agree on the number of samples whichever side made it.
 *
 * @param runId the teacher run
 * @param batchIndex 0-based position of the record in the run
 * @param batchCount number of records in the run
 * @param sampleIndices index of each sample in the training split
 * @param labels the hard labels, one per sample
 * @param images uint8 pixels, (samples, 28, 28) row-major
 * @param logits the teacher's logits, (samples, classes) row-major
 * @param classes the number of classes
 */
public record LogitBatch(
        String runId,
        int batchIndex,
        int batchCount,
        int[] sampleIndices,
        int[] labels,
        byte[] images,
        float[] logits,
        int classes) {

    /** Checks that every array holds the same number of samples. */
    public LogitBatch {
        int n = sampleIndices.length;
        if (n == 0) {
            throw new IllegalArgumentException("a logit batch needs at least one sample");
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " samples");
        }
        if (images.length != n * Preprocessing.SRC_PIXELS) {
            throw new IllegalArgumentException(
                    images.length
                            + " pixels for "
                            + n
                            + " images of "
                            + Preprocessing.SRC
                            + "x"
                            + Preprocessing.SRC);
        }
        if (classes < 1 || logits.length != n * classes) {
            throw new IllegalArgumentException(
                    logits.length + " logits for " + n + " samples of " + classes + " classes");
        }
    }

    /**
     * Returns the number of samples.
     *
     * @return the length of every per-sample array
     */
    public int size() {
        return sampleIndices.length;
    }
}
