package io.kdstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Kafka counters against Micrometer's in-memory registry. */
class MessagingMetersTest {

    @Test
    void registeredCountersStartAtZeroAndCountPerTopicAndChannel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MessagingMeters meters =
                new MessagingMeters(registry)
                        .register(
                                List.of("kd.models", "kd.training-progress"),
                                List.of("student-jobs"));

        assertThat(count(registry, KdMetrics.RECORDS_PUBLISHED, KdMetrics.TAG_TOPIC, "kd.models"))
                .isZero();
        assertThat(count(registry, KdMetrics.DEAD_LETTERS, KdMetrics.TAG_CHANNEL, "student-jobs"))
                .isZero();

        meters.published("kd.models");
        meters.published("kd.models");
        meters.published("kd.training-progress");
        meters.deadLetter("student-jobs");
        meters.deadLetter("teacher-logits"); // not registered up front: appears at its first count

        assertThat(count(registry, KdMetrics.RECORDS_PUBLISHED, KdMetrics.TAG_TOPIC, "kd.models"))
                .isEqualTo(2);
        assertThat(
                        count(
                                registry,
                                KdMetrics.RECORDS_PUBLISHED,
                                KdMetrics.TAG_TOPIC,
                                "kd.training-progress"))
                .isEqualTo(1);
        assertThat(count(registry, KdMetrics.DEAD_LETTERS, KdMetrics.TAG_CHANNEL, "student-jobs"))
                .isEqualTo(1);
        assertThat(count(registry, KdMetrics.DEAD_LETTERS, KdMetrics.TAG_CHANNEL, "teacher-logits"))
                .isEqualTo(1);
    }

    @Test
    void theLagGaugeOutlivesGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MessagingMeters(registry).consumerLag("g", "kd.student-jobs", () -> 3.0);
        System.gc();
        assertThat(
                        registry.get(KdMetrics.CONSUMER_LAG)
                                .tag(KdMetrics.TAG_GROUP, "g")
                                .gauge()
                                .value())
                .isEqualTo(3.0);
    }

    private static double count(
            SimpleMeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
