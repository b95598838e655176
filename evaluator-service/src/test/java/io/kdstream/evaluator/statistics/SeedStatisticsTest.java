package io.kdstream.evaluator.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the statistics against figures computed by hand. The t quantiles are those of a printed t
 * table: t(0.975; 4) = 2.776445, t(0.975; 3) = 3.182446.
 */
class SeedStatisticsTest {

    private static final double T_975_DF4 = 2.7764451051977987;
    private static final double T_975_DF3 = 3.182446305284263;

    @Test
    void meanAndSampleStandardDeviation() {
        // mean 0.98; squares 0.0001 + 0 + 0.0001 over n - 1 = 2: sd 0.01
        SeedStatistics.Summary s = SeedStatistics.summarize(List.of(0.97, 0.98, 0.99));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.98, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void oneSeedHasNoSpreadAndNoInterval() {
        assertThat(SeedStatistics.summarize(List.of(0.9)).sd()).isNull();
        SeedStatistics.Difference d = SeedStatistics.welch(List.of(0.9), List.of(0.8, 0.82));
        assertThat(d.mean()).isCloseTo(0.09, within(1e-12));
        assertThat(d.low()).isNull();
        assertThat(d.high()).isNull();
        assertThat(d.significant()).isFalse();
    }

    @Test
    void aTwoPointGapWithOnePointSpreadOverThreeSeedsIsNotSignificant() {
        // equal spreads and sizes: Welch's df is 2 (n - 1) = 4 exactly;
        // se = sqrt(0.01^2 / 3 + 0.01^2 / 3) = 0.0081650; half-width 2.776445 * se = 0.0226696
        SeedStatistics.Difference d =
                SeedStatistics.welch(List.of(0.97, 0.98, 0.99), List.of(0.95, 0.96, 0.97));
        assertThat(d.mean()).isCloseTo(0.02, within(1e-12));
        assertThat(d.degreesOfFreedom()).isCloseTo(4.0, within(1e-9));
        double se = Math.sqrt(2 * 0.0001 / 3);
        assertThat(d.low()).isCloseTo(0.02 - T_975_DF4 * se, within(1e-9));
        assertThat(d.high()).isCloseTo(0.02 + T_975_DF4 * se, within(1e-9));
        assertThat(d.low()).isCloseTo(-0.0026696, within(1e-7));
        assertThat(d.significant()).as("the interval holds 0").isFalse();
    }

    @Test
    void aSevenPointGapWithTheSameSpreadIsSignificant() {
        SeedStatistics.Difference d =
                SeedStatistics.welch(List.of(0.97, 0.98, 0.99), List.of(0.90, 0.91, 0.92));
        assertThat(d.low()).isCloseTo(0.0473304, within(1e-7));
        assertThat(d.high()).isCloseTo(0.0926696, within(1e-7));
        assertThat(d.significant()).isTrue();
        // and the other way round: the interval is mirrored, still excludes 0
        SeedStatistics.Difference back =
                SeedStatistics.welch(List.of(0.90, 0.91, 0.92), List.of(0.97, 0.98, 0.99));
        assertThat(back.high()).isCloseTo(-0.0473304, within(1e-7));
        assertThat(back.significant()).isTrue();
    }

    @Test
    void unequalSpreadsUseWelchSatterthwaiteDegreesOfFreedom() {
        // a = 97, 98, 99: variance 1, va = 1/3; b = 95, 96, 96.5: mean 95.8333, variance 0.583333,
        // vb = 0.194444; df = (va + vb)^2 / (va^2 / 2 + vb^2 / 2) = 0.278549 / 0.074460 = 3.740933
        SeedStatistics.Difference d =
                SeedStatistics.welch(List.of(97.0, 98.0, 99.0), List.of(95.0, 96.0, 96.5));
        assertThat(d.mean()).isCloseTo(2.1666667, within(1e-6));
        assertThat(d.degreesOfFreedom()).isCloseTo(3.7409326, within(1e-6));
        // df between 3 and 4, so the half-width lies between the two table quantiles times se
        double se = Math.sqrt(1.0 / 3 + 0.5833333333 / 3);
        double halfWidth = d.high() - d.mean();
        assertThat(halfWidth).isBetween(T_975_DF4 * se, T_975_DF3 * se);
        assertThat(d.mean() - d.low()).isCloseTo(halfWidth, within(1e-12));
    }

    @Test
    void noSpreadOnEitherSideGivesAnExactDifference() {
        SeedStatistics.Difference d = SeedStatistics.welch(List.of(0.9, 0.9), List.of(0.8, 0.8));
        assertThat(d.low()).isCloseTo(0.1, within(1e-12));
        assertThat(d.high()).isCloseTo(0.1, within(1e-12));
        assertThat(d.significant()).isTrue();
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> SeedStatistics.summarize(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
