package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the replay of several topics counts as caught up. */
class ReplayPositionTest {

    @Test
    void caughtUpOnceEveryNonEmptyPartitionOfEveryTopicReachedItsEnd() {
        ReplayPosition position = new ReplayPosition();
        // kd.a-1 is empty (start = end), kd.b has one record left after compaction at offset 9
        position.expect("kd.a", Map.of(0, 0L, 1, 7L), Map.of(0, 2L, 1, 7L));
        position.expect("kd.b", Map.of(0, 9L), Map.of(0, 10L));
        assertThat(position.caughtUp()).isFalse();

        assertThat(position.consumed("kd.a", 0, 0)).isFalse();
        assertThat(position.consumed("kd.a", 0, 1)).isFalse();
        // the same partition number of another topic is another partition
        assertThat(position.remaining()).containsOnlyKeys("kd.b-0");
        assertThat(position.consumed("kd.b", 0, 9)).isTrue();
        assertThat(position.caughtUp()).isTrue();
        // later records change nothing
        assertThat(position.consumed("kd.b", 0, 10)).isFalse();
    }

    @Test
    void givingUpCountsAsCaughtUp() {
        ReplayPosition position = new ReplayPosition();
        position.expect("kd.a", Map.of(0, 0L), Map.of(0, 2L));
        assertThat(position.giveUp()).isTrue();
        assertThat(position.caughtUp()).isTrue();
        assertThat(position.giveUp()).isFalse();
    }
}
