package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks when the student-jobs replay counts as caught up. Plain JUnit: a plain class. */
class JobLogPositionTest {

    @Test
    void caughtUpWithoutExpectationsOrWithEmptyPartitions() {
        JobLogPosition p = new JobLogPosition();
        assertThat(p.caughtUp()).isTrue();
        p.expect(Map.of(0, 5L, 1, 0L), Map.of(0, 5L, 1, 0L));
        assertThat(p.caughtUp()).isTrue();
    }

    @Test
    void catchesUpWhenEveryPartitionReachesItsEnd() {
        JobLogPosition p = new JobLogPosition();
        p.expect(Map.of(0, 0L, 1, 2L), Map.of(0, 3L, 1, 4L));
        assertThat(p.caughtUp()).isFalse();
        assertThat(p.consumed(0, 2)).isFalse();
        assertThat(p.consumed(1, 2)).isFalse();
        assertThat(p.consumed(1, 3)).isTrue();
        assertThat(p.caughtUp()).isTrue();
        assertThat(p.consumed(1, 4)).isFalse();
    }

    @Test
    void givingUpCountsAsCaughtUp() {
        JobLogPosition p = new JobLogPosition();
        p.expect(Map.of(0, 0L), Map.of(0, 3L));
        assertThat(p.giveUp()).isTrue();
        assertThat(p.caughtUp()).isTrue();
        assertThat(p.giveUp()).isFalse();
    }
}
