package io.kdstream.evaluator.domain;

/**
 * What a classifier's logits say about a labelled image set.
 *
 * @param count the number of images
 * @param correct the images whose arg-max class is the label
 * @param meanLoss the mean cross-entropy of the logits against the labels
 * @param perClassAccuracy for each true class, the share of its images classified right ({@code
 *     NaN} for a class without images)
 * @param confusion {@code classes * classes} counts, row-major: row = true class, column =
 *     predicted class
 * @param predictions the predicted class of every image, in image order
 */
public record TestScore(
        int count,
        int correct,
        double meanLoss,
        double[] perClassAccuracy,
        int[] confusion,
        byte[] predictions) {

    /**
     * Returns the share of images classified right.
     *
     * @return the accuracy, in [0, 1]
     */
    public double accuracy() {
        return count == 0 ? 0 : (double) correct / count;
    }

    /**
     * Returns the images classified wrong.
     *
     * @return {@code count - correct}
     */
    public int errors() {
        return count - correct;
    }
}
