package io.kdstream.core.training;

/**
 * A classifier's result on a split.
 *
 * @param count the number of images
 * @param correct the images classified right
 * @param meanLoss the mean cross-entropy over the images
 * @param seconds the wall time of the evaluation
 */
public record SplitScore(int count, int correct, double meanLoss, double seconds) {

    /**
     * Returns the fraction of images classified right.
     *
     * @return the accuracy, in [0, 1]
     */
    public double accuracy() {
        return count == 0 ? 0 : (double) correct / count;
    }

    /**
     * Returns the number of images classified wrong, the unit Hinton et al. report.
     *
     * @return {@code count - correct}
     */
    public int errors() {
        return count - correct;
    }
}
