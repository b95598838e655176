package io.kdstream.teacher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kdstream.core.run.OffsetRange;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the tracker is a plain class with no Quarkus or Kafka dependency. */
class OffsetTrackerTest {

    @Test
    void reducesAcknowledgementsToOneRangePerPartition() {
        OffsetTracker tracker = new OffsetTracker();

        // acknowledgements arrive in any order
        tracker.record(2, 12);
        tracker.record(2, 10);
        tracker.record(0, 5);
        tracker.record(2, 11);

        assertThat(tracker.count()).isEqualTo(4);
        assertThat(tracker.ranges())
                .extracting(OffsetRange::partition, OffsetRange::start, OffsetRange::end)
                .containsExactly(tuple(0, 5L, 6L), tuple(2, 10L, 13L));
        assertThat(tracker.contiguous()).isTrue();
    }

    @Test
    void noticesForeignRecordsInsideARange() {
        OffsetTracker tracker = new OffsetTracker();

        tracker.record(1, 3);
        tracker.record(1, 5);

        assertThat(tracker.ranges()).containsExactly(new OffsetRange(1, 3, 6));
        assertThat(tracker.contiguous()).isFalse();
    }
}
