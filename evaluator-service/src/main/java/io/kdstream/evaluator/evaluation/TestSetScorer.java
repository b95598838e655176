package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.TestScore;

/**
 * Turns a classifier's logits into accuracy, cross-entropy, per-class accuracy, confusion matrix
 * and predictions, in plain Java.
 *
 * <p>The evaluator copies the logits of the whole test set out of DJL once and derives every figure
 * here, so the maths can be tested on hand-made numbers and no {@code NDArray} outlives its batch.
 */
public final class TestSetScorer {

    private TestSetScorer() {}

    /**
     * Scores logits against labels.
     *
     * <p>The loss of image i is {@code logsumexp(z_i) - z_i[y_i]}, the cross-entropy of
     * softmax(z_i) against the one-hot label, computed with the max subtracted for stability. A tie
     * in the arg-max goes to the lowest class, as {@code argMax} does.
     *
     * @param logits {@code labels.length * classes} floats, shape (images, classes), row-major
     * @param labels the true class of each image, each in {@code [0, classes)}
     * @param classes the number of classes, at most 127
     * @return the score
     * @throws IllegalArgumentException if the sizes do not match or a label is out of range
     */
    public static TestScore score(float[] logits, int[] labels, int classes) {
        if (classes < 1 || classes > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("classes must be in 1..127, got " + classes);
        }
        int n = labels.length;
        if (logits.length != (long) n * classes) {
            throw new IllegalArgumentException(
                    logits.length
                            + " logits do not fit "
                            + n
                            + " images x "
                            + classes
                            + " classes");
        }
        int[] confusion = new int[classes * classes];
        byte[] predictions = new byte[n];
        int correct = 0;
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        "label " + label + " of image " + i + " is not in 0.." + (classes - 1));
            }
            int row = i * classes;
            int predicted = 0;
            float max = logits[row];
            for (int c = 1; c < classes; c++) {
                if (logits[row + c] > max) {
                    max = logits[row + c];
                    predicted = c;
                }
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp((double) logits[row + c] - max);
            }
            lossSum += max + Math.log(sumExp) - logits[row + label];
            predictions[i] = (byte) predicted;
            confusion[label * classes + predicted]++;
            if (predicted == label) {
                correct++;
            }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            int total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c * classes + p];
            }
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c * classes + c] / total;
        }
        return new TestScore(
                n, correct, n == 0 ? 0 : lossSum / n, perClass, confusion, predictions);
    }

    /**
     * Returns the share of images on which two models predict the same class.
     *
     * @param predictions one model's predicted classes
     * @param reference the other model's, for the same images in the same order
     * @return the agreement, in [0, 1]
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double agreement(byte[] predictions, byte[] reference) {
        if (predictions.length != reference.length) {
            throw new IllegalArgumentException(
                    "cannot compare predictions of "
                            + predictions.length
                            + " and "
                            + reference.length
                            + " images");
        }
        if (predictions.length == 0) {
            return 1.0;
        }
        int same = 0;
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i] == reference[i]) {
                same++;
            }
        }
        return (double) same / predictions.length;
    }
}
