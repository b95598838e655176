package io.kdstream.student.domain;

/**
 * One decoded and checked teacher logit record: a batch of images with their labels and the
 * teacher's logits, in the same order.
 *
 * @param runId the teacher run
 * @param batchIndex the record's position in the run
 * @param size the number of images
 * @param labels the hard labels, each in 0..classes-1
 * @param images uint8 pixels, (size, 28, 28) row-major
 * @param logits the teacher's logits, (size, classes) row-major
 * @param classes the number of classes
 */
public record LogitBatch(
        String runId,
        int batchIndex,
        int size,
        int[] labels,
        byte[] images,
        float[] logits,
        int classes) {}
