package io.kdstream.teacher.domain;

/**
 * One batch of the teacher's pass over the training images: what a TeacherLogitBatch record
 * carries, as plain arrays.
 *
 * @param runId the teacher run
 * @param batchIndex 0-based position of the batch in the run
 * @param batchCount number of batches in the run
 * @param sampleIndices index of each sample in the training split
 * @param labels one class label (0-9) per sample
 * @param images uint8 pixels, (samples, height, width) row-major
 * @param height image height
 * @param width image width
 * @param logits teacher logits, (samples, classes) row-major
 * @param classes number of classes
 */
public record LogitBatch(
        String runId,
        int batchIndex,
        int batchCount,
        int[] sampleIndices,
        byte[] labels,
        byte[] images,
        int height,
        int width,
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
        if (images.length != n * height * width) {
            throw new IllegalArgumentException(
                    images.length + " pixels for " + n + " images of " + height + "x" + width);
        }
        if (classes < 1 || logits.length != n * classes) {
            throw new IllegalArgumentException(
                    logits.length + " logits for " + n + " samples of " + classes + " classes");
        }
        if (batchIndex < 0 || batchIndex >= batchCount) {
            throw new IllegalArgumentException(
                    "batchIndex " + batchIndex + " outside 0.." + (batchCount - 1));
        }
    }

    /** Returns the number of samples. */
    public int size() {
        return sampleIndices.length;
    }
}
