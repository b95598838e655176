package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kdstream.evaluator.domain.TestScore;
import org.junit.jupiter.api.Test;

/**
 * Checks the evaluation maths on a hand-made example of 3 classes and 5 images.
 *
 * <p>Plain JUnit, not a {@code @QuarkusTest}: the scorer is plain Java over arrays.
 */
class TestSetScorerTest {

    // (images, classes) logits; arg-max per row: 0, 1, 1, 2, 0
    private static final float[] LOGITS = {
        2f, 1f, 0f, // image 0, label 0 -> 0 right
        0f, 3f, 1f, // image 1, label 1 -> 1 right
        1f, 2f, 0f, // image 2, label 0 -> 1 wrong
        0f, 0f, 5f, // image 3, label 2 -> 2 right
        1f, 1f, 0f, // image 4, label 1 -> 0 wrong (a tie goes to the lowest class)
    };
    private static final int[] LABELS = {0, 1, 0, 2, 1};

    @Test
    void countsAccuracyAndErrors() {
        TestScore s = TestSetScorer.score(LOGITS, LABELS, 3);
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.correct()).isEqualTo(3);
        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.accuracy()).isEqualTo(0.6);
        assertThat(s.predictions()).containsExactly(0, 1, 1, 2, 0);
    }

    @Test
    void buildsConfusionRowsByTrueClass() {
        TestScore s = TestSetScorer.score(LOGITS, LABELS, 3);
        // row = true class, column = predicted
        assertThat(s.confusion())
                .containsExactly(
                        1, 1, 0, // class 0: one right, one taken for 1
                        1, 1, 0, // class 1: one taken for 0, one right
                        0, 0, 1); // class 2: right
        assertThat(s.perClassAccuracy()).containsExactly(0.5, 0.5, 1.0);
    }

    @Test
    void perClassAccuracyOfAnAbsentClassIsNaN() {
        TestScore s =
                TestSetScorer.score(new float[] {1f, 0f, 0f, 1f, 0f, 0f}, new int[] {0, 0}, 3);
        assertThat(s.perClassAccuracy()[0]).isEqualTo(1.0);
        assertThat(s.perClassAccuracy()[1]).isNaN();
        assertThat(s.perClassAccuracy()[2]).isNaN();
    }

    @Test
    void meanLossIsTheCrossEntropyOfTheSoftmax() {
        TestScore s = TestSetScorer.score(LOGITS, LABELS, 3);
        double sum = 0;
        for (int i = 0; i < LABELS.length; i++) {
            double denominator = 0;
            for (int c = 0; c < 3; c++) {
                denominator += Math.exp(LOGITS[i * 3 + c]);
            }
            sum += -Math.log(Math.exp(LOGITS[i * 3 + LABELS[i]]) / denominator);
        }
        assertThat(s.meanLoss()).isCloseTo(sum / LABELS.length, within(1e-9));
    }

    @Test
    void largeLogitsDoNotOverflow() {
        TestScore s = TestSetScorer.score(new float[] {1000f, 0f, 0f}, new int[] {1}, 3);
        assertThat(s.meanLoss()).isCloseTo(1000.0, within(1e-6));
    }

    @Test
    void agreementIsTheShareOfEqualPredictions() {
        byte[] a = {0, 1, 2, 3};
        byte[] b = {0, 1, 0, 3};
        assertThat(TestSetScorer.agreement(a, b)).isEqualTo(0.75);
        assertThat(TestSetScorer.agreement(a, a)).isEqualTo(1.0);
        assertThatThrownBy(() -> TestSetScorer.agreement(a, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMismatchedSizesAndLabels() {
        assertThatThrownBy(() -> TestSetScorer.score(new float[5], new int[] {0, 1}, 3))
                .hasMessageContaining("do not fit");
        assertThatThrownBy(() -> TestSetScorer.score(new float[3], new int[] {3}, 3))
                .hasMessageContaining("label 3");
    }
}
