package io.kdstream.evaluator.statistics;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean and spread of a student's test accuracy over seeds, and the difference between two students
 * with a confidence interval, so that a comparison can say whether a gap is more than seed noise.
 *
 * <p>The interval is Welch's t interval: it does not assume the two students' accuracies vary
 * equally over seeds (a distilled student often varies less than its scratch baseline), and with
 * the handful of seeds an experiment affords it is what a reader can check with a t table. The
 * degrees of freedom are Welch–Satterthwaite's. The quantile comes from Commons Math's Student t
 * distribution.
 */
public final class SeedStatistics {

    /** The confidence level of every interval here. */
    public static final double CONFIDENCE = 0.95;

    private SeedStatistics() {}

    /**
     * Accuracies over seeds, summarised.
     *
     * @param n the number of seeds
     * @param mean the mean
     * @param sd the sample standard deviation (divisor n - 1), or {@code null} for one seed
     */
    public record Summary(int n, double mean, Double sd) {}

    /**
     * A difference of means with its confidence interval.
     *
     * @param mean first mean minus second mean
     * @param low lower end of the 95% interval, or {@code null} when a side has one seed
     * @param high upper end, or {@code null} likewise
     * @param degreesOfFreedom Welch–Satterthwaite's, or {@code null} likewise (or when both sides
     *     have no spread at all)
     * @param significant whether the interval excludes 0; {@code false} without an interval
     */
    public record Difference(
            double mean, Double low, Double high, Double degreesOfFreedom, boolean significant) {}

    /**
     * Summarises values.
     *
     * @param values at least one value
     * @return n, mean and sample standard deviation
     */
    public static Summary summarize(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n == 1) {
            return new Summary(1, mean, null);
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new Summary(n, mean, Math.sqrt(squares / (n - 1)));
    }

    /**
     * The difference of two students' mean accuracies with Welch's 95% confidence interval.
     *
     * @param a the first student's values over seeds
     * @param b the second student's values over seeds
     * @return mean(a) - mean(b), with an interval when both have at least two seeds
     */
    public static Difference welch(List<Double> a, List<Double> b) {
        Summary sa = summarize(a);
        Summary sb = summarize(b);
        double diff = sa.mean() - sb.mean();
        if (sa.sd() == null || sb.sd() == null) {
            return new Difference(diff, null, null, null, false);
        }
        double va = sa.sd() * sa.sd() / sa.n();
        double vb = sb.sd() * sb.sd() / sb.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            // no spread on either side: every seed gave the same figure, so the difference is exact
            return new Difference(diff, diff, diff, null, diff != 0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        double low = diff - t * se;
        double high = diff + t * se;
        return new Difference(diff, low, high, df, low > 0 || high < 0);
    }
}
