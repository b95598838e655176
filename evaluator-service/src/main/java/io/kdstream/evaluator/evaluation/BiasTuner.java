package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.OmittedClassScore;
import io.kdstream.evaluator.domain.TestScore;
import java.util.Arrays;

/**
 * Tunes one class's output bias on held-out images and measures the result on the test images, in
 * plain Java.
 *
 * <p>With a bias b added to class c's logit, image i is predicted c exactly when b &gt; m_i, its
 * margin {@code max_{j != c} z_ij - z_ic}; otherwise it keeps its best other class. So accuracy is
 * a step function of b that changes only at the margins: an image of class c becomes right when b
 * passes its margin, an image of another class that was right becomes wrong. One pass over the
 * sorted margins finds the best interval exactly; the bias is its midpoint (the interval nearest 0
 * among equally good ones, so that no adjustment is made without a reason).
 */
public final class BiasTuner {

    private BiasTuner() {}

    /**
     * Chooses the bias of a class on held-out logits.
     *
     * @param logits {@code labels.length * classes} floats, row-major
     * @param labels the true classes
     * @param classes the number of classes
     * @param c the class whose bias is tuned
     * @return the bias that maximises accuracy on these images
     */
    public static double bestBias(float[] logits, int[] labels, int classes, int c) {
        int n = labels.length;
        double[] margins = new double[n];
        int[] gain = new int[n];
        int correct = 0; // at b = -infinity: every image keeps its best other class
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            int other = -1;
            for (int j = 0; j < classes; j++) {
                if (j != c && (other < 0 || logits[row + j] > logits[row + other])) {
                    other = j;
                }
            }
            margins[i] = (double) logits[row + other] - logits[row + c];
            boolean otherRight = labels[i] == other;
            correct += otherRight ? 1 : 0;
            gain[i] = labels[i] == c ? 1 : otherRight ? -1 : 0;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(margins[a], margins[b]));
        // the interval below the first margin, then the one above each margin
        int best = correct;
        double bestBias = n == 0 ? 0 : margins[order[0]] - 1;
        for (int k = 0; k < n; k++) {
            correct += gain[order[k]];
            // a tie of margins changes accuracy only once every tied image has passed
            if (k + 1 < n && margins[order[k + 1]] == margins[order[k]]) {
                continue;
            }
            double lower = margins[order[k]];
            double bias = k + 1 < n ? (lower + margins[order[k + 1]]) / 2 : lower + 1;
            if (correct > best || (correct == best && Math.abs(bias) < Math.abs(bestBias))) {
                best = correct;
                bestBias = bias;
            }
        }
        return bestBias;
    }

    /**
     * Tunes class c's bias on held-out images and scores the test images with it.
     *
     * @param heldOut logits of the held-out images
     * @param heldOutLabels their classes
     * @param test logits of the test images
     * @param testLabels their classes
     * @param classes the number of classes
     * @param c the omitted class
     * @return the score
     */
    public static OmittedClassScore score(
            float[] heldOut,
            int[] heldOutLabels,
            float[] test,
            int[] testLabels,
            int classes,
            int c) {
        double bias = bestBias(heldOut, heldOutLabels, classes, c);
        TestScore onHeldOut =
                TestSetScorer.score(withBias(heldOut, classes, c, bias), heldOutLabels, classes);
        TestScore onTest =
                TestSetScorer.score(withBias(test, classes, c, bias), testLabels, classes);
        return new OmittedClassScore(
                c,
                bias,
                heldOutLabels.length,
                onHeldOut.accuracy(),
                onTest.accuracy(),
                onTest.perClassAccuracy()[c]);
    }

    private static float[] withBias(float[] logits, int classes, int c, double bias) {
        float[] shifted = logits.clone();
        for (int row = 0; row < shifted.length; row += classes) {
            shifted[row + c] += (float) bias;
        }
        return shifted;
    }
}
