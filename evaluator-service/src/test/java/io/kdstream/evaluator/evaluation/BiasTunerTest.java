package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.kdstream.evaluator.domain.OmittedClassScore;
import org.junit.jupiter.api.Test;

/**
 * The omitted class's bias, by hand: 3 classes, class 2 tuned. Held-out images (logits, label, the
 * margin {@code max_{j != 2} z_j - z_2}, what passing it does):
 *
 * <pre>
 *   [2, 0, 1]   2   1    +1 (a 2 becomes right)
 *   [0, 3, 1]   2   2    +1
 *   [3, 0, 0]   0   3    -1 (a right 0 becomes a 2)
 *   [0, 1, .5]  1   0.5  -1
 *   [4, 0, 0]   0   4    -1
 * </pre>
 *
 * Right answers by interval of b: 3 below 0.5, 2 in (0.5, 1), 3 in (1, 2), 4 in (2, 3), 3 in (3,
 * 4), 2 above: the best bias is 2.5, with 4 of 5 right (3 of 5 without it).
 */
class BiasTunerTest {

    private static final float[] HELD_OUT = {
        2, 0, 1,
        0, 3, 1,
        3, 0, 0,
        0, 1, 0.5f,
        4, 0, 0
    };
    private static final int[] HELD_OUT_LABELS = {2, 2, 0, 1, 0};

    @Test
    void theBiasIsTheMidpointOfTheBestIntervalOfMargins() {
        assertThat(BiasTuner.bestBias(HELD_OUT, HELD_OUT_LABELS, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void theTestImagesOnlyMeasureTheBiasChosenOnTheHeldOutOnes() {
        // with b = 2.5: [0, 2, 3.5] is a right 2, [1, 0, 2.5] a 0 taken for a 2
        float[] test = {0, 2, 1, 1, 0, 0};
        OmittedClassScore s =
                BiasTuner.score(HELD_OUT, HELD_OUT_LABELS, test, new int[] {2, 0}, 3, 2);
        assertThat(s.omittedClass()).isEqualTo(2);
        assertThat(s.bias()).isEqualTo(2.5);
        assertThat(s.heldOutImages()).isEqualTo(5);
        assertThat(s.heldOutAccuracy()).isCloseTo(0.8, offset(1e-12));
        assertThat(s.adjustedAccuracy()).isCloseTo(0.5, offset(1e-12));
        assertThat(s.adjustedClassAccuracy()).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void noBiasWhenRaisingTheClassOnlyCostsRightAnswers() {
        // no image of class 2: any b past a margin turns a right answer wrong
        float[] logits = {3, 0, 2, 0, 4, 2};
        double b = BiasTuner.bestBias(logits, new int[] {0, 1}, 3, 2);
        assertThat(b).as("below the smallest margin (1), nearest 0").isEqualTo(0.0);
    }
}
