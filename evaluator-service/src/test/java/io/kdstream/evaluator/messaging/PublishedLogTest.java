package io.kdstream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.Comparison;
import io.kdstream.core.schema.ComparisonRow;
import io.kdstream.core.schema.ModelRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * What a restarted evaluator learns from the records it wrote before: which records are dead
 * letters already, and which comparison is the last on the topic. Plain JUnit on the record level;
 * the broker round trip is {@code EvaluatorRestartIT}.
 */
class PublishedLogTest {

    private static final List<String> CONSUMED = PublishedLogStart.consumedTopics("kd.");

    private static RecordHeaders headers(String topic, String partition, String offset) {
        RecordHeaders h = new RecordHeaders();
        h.add(
                "dead-letter-reason",
                "the record holds no ModelCheckpoint".getBytes(StandardCharsets.UTF_8));
        if (topic != null) {
            h.add(DeadLetterLog.TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        }
        h.add(DeadLetterLog.PARTITION_HEADER, partition.getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterLog.OFFSET_HEADER, offset.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void deadLettersOfTheIncomingTopicsAreKnownByTopicPartitionAndOffset() {
        DeadLetterLog log = new DeadLetterLog();
        assertThat(log.record(headers("kd.models", "2", "41"), CONSUMED)).isTrue();
        // the student's dead letters of teacher logits share the topic: not ours
        assertThat(log.record(headers("kd.teacher-logits", "0", "41"), CONSUMED)).isFalse();
        // a record without the headers (not a SmallRye dead letter) or with garbage in them
        assertThat(log.record(headers(null, "0", "1"), CONSUMED)).isFalse();
        assertThat(log.record(headers("kd.models", "zero", "1"), CONSUMED)).isFalse();

        assertThat(log.contains("kd.models", 2, 41)).isTrue();
        assertThat(log.contains("kd.models", 2, 42)).isFalse();
        assertThat(log.contains("kd.models", 1, 41)).isFalse();
        assertThat(log.contains("kd.teacher-logits", 0, 41)).isFalse();
        assertThat(log.size()).isEqualTo(1);
    }

    @Test
    void onlyTheEvaluatorsOwnDeadLettersCount() {
        DeadLetterLog log = new DeadLetterLog();
        RecordHeaders workers = headers("kd.student-jobs", "0", "7");
        workers.add(
                KdTopics.DEAD_LETTER_ORIGIN_HEADER,
                "student-service".getBytes(StandardCharsets.UTF_8));
        RecordHeaders ours = headers("kd.student-jobs", "0", "8");
        ours.add(
                KdTopics.DEAD_LETTER_ORIGIN_HEADER,
                DeadLetterLog.ORIGIN.getBytes(StandardCharsets.UTF_8));

        // a worker's dead letter of a job record does not stand in for the evaluator's own
        assertThat(log.record(workers, CONSUMED)).isFalse();
        assertThat(log.record(ours, CONSUMED)).isTrue();
        assertThat(log.contains("kd.student-jobs", 0, 7)).isFalse();
        assertThat(log.contains("kd.student-jobs", 0, 8)).isTrue();
    }

    private static Comparison comparison(boolean complete, double accuracy, long micros) {
        return Comparison.newBuilder()
                .setExperimentId("exp-1")
                .setTeacherRunId("run-1")
                .setComplete(complete)
                .setRows(
                        List.of(
                                ComparisonRow.newBuilder()
                                        .setLabel("teacher")
                                        .setModelId("teacher-e3")
                                        .setRole(ModelRole.TEACHER)
                                        .setLossMode("none")
                                        .setEpoch(3)
                                        .setAccuracy(accuracy)
                                        .setErrors(100)
                                        .setDeltaVsTeacher(0)
                                        .setDeltaVsScratch(null)
                                        .setParameterCount(81194)
                                        .setSizeBytes(300000)
                                        .setCompressionRatio(1)
                                        .setTeacherAgreement(1.0)
                                        .setImagesPerSecond(5000)
                                        .build()))
                .setUpdatedAt(Instant.ofEpochSecond(0, micros * 1000))
                // set, not left to its default: the builder deep-copies defaults through Avro's
                // class checks, which trust kd-stream's schema classes only once a deserializer ran
                .setGroups(List.of())
                .build();
    }

    @Test
    void aComparisonIsSentOnlyWhenItsContentDiffersFromTheLastOnTheTopic() {
        PublishedComparisons published = new PublishedComparisons();
        published.seed(comparison(false, 0.98, 1));

        // the same content computed again after a restart, at another time
        assertThat(published.claim(comparison(false, 0.98, 2))).isFalse();
        // new content goes out, once
        assertThat(published.claim(comparison(true, 0.98, 3))).isTrue();
        assertThat(published.claim(comparison(true, 0.98, 4))).isFalse();
        // a send that failed is tried again when next computed
        published.release(comparison(true, 0.98, 4));
        assertThat(published.claim(comparison(true, 0.98, 5))).isTrue();
        // going back to an older content is a change too
        assertThat(published.claim(comparison(false, 0.98, 6))).isTrue();
    }
}
