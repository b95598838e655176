package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tests that {@link BatchOrder} gives reproducible permutations.
 *
 * <p>Plain JUnit, not {@code @QuarkusTest}: the order is a pure function of (n, seed, epoch).
 */
class BatchOrderTest {

    @Test
    void isPinned() {
        // Computed independently with a Python SplitMix64; a change here changes every run's
        // batches, so it must be deliberate.
        assertThat(BatchOrder.shuffled(10, 42, 0)).containsExactly(9, 5, 3, 8, 0, 2, 6, 4, 7, 1);
        assertThat(BatchOrder.shuffled(10, 42, 1)).containsExactly(3, 4, 6, 1, 8, 2, 9, 7, 5, 0);
        assertThat(BatchOrder.shuffled(10, -7, 3)).containsExactly(5, 4, 6, 9, 0, 7, 3, 1, 2, 8);
    }

    @Test
    void isDeterministic() {
        assertThat(BatchOrder.shuffled(60_000, 1234, 5))
                .isEqualTo(BatchOrder.shuffled(60_000, 1234, 5));
    }

    @Test
    void isAPermutation() {
        int[] order = BatchOrder.shuffled(60_000, 7, 0);

        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(IntStream.range(0, 60_000).toArray());
        assertThat(order).isNotEqualTo(sorted);
    }

    @Test
    void differsAcrossEpochsAndSeeds() {
        int[] base = BatchOrder.shuffled(1000, 42, 0);

        assertThat(BatchOrder.shuffled(1000, 42, 1)).isNotEqualTo(base);
        assertThat(BatchOrder.shuffled(1000, 43, 0)).isNotEqualTo(base);
        // Epoch e+1 must not be epoch e's stream shifted by one draw: count agreeing positions.
        int[] next = BatchOrder.shuffled(1000, 42, 1);
        long same = IntStream.range(0, 1000).filter(i -> base[i] == next[i]).count();
        assertThat(same).isLessThan(10);
    }

    @Test
    void handlesTinyInputsAndRejectsNegativeOnes() {
        assertThat(BatchOrder.shuffled(0, 1, 0)).isEmpty();
        assertThat(BatchOrder.shuffled(1, 1, 0)).containsExactly(0);
        assertThatThrownBy(() -> BatchOrder.shuffled(-1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchOrder.shuffled(5, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
