package io.kdstream.evaluator.messaging;

import io.kdstream.core.codec.ComparisonDeserializer;
import io.kdstream.core.codec.EvaluationDeserializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.messaging.TopicStartup;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.evaluation.ComparisonService;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * At start, after the topics exist ({@link TopicStartup}) and before any channel connects: reads
 * back what the evaluator itself wrote before, so that a restart writes none of it again.
 *
 * <ul>
 *   <li>the dead-letter topic: which records of the incoming topics are dead letters already
 *       ({@link DeadLetterLog});
 *   <li>the evaluations topic: the latest evaluation of each model, into the state, so that the
 *       models channel knows which checkpoints are evaluated whatever order the partitions come in;
 *   <li>the comparisons topic: the last comparison of each experiment ({@link
 *       PublishedComparisons});
 *   <li>the end offsets of the incoming topics, which the replay must reach before comparisons are
 *       published ({@link ComparisonService#expectReplay}).
 * </ul>
 *
 * A record of these topics that does not decode is skipped here; its channel deals with it.
 */
@ApplicationScoped
public class PublishedLogStart {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final EvaluatorConfig config;
    private final DeadLetterLog deadLetters;
    private final PublishedComparisons publishedComparisons;
    private final EvaluationService evaluations;
    private final ComparisonService comparisons;
    private final KafkaClientConfig kafka;

    public PublishedLogStart(
            EvaluatorConfig config,
            DeadLetterLog deadLetters,
            PublishedComparisons publishedComparisons,
            EvaluationService evaluations,
            ComparisonService comparisons,
            KafkaClientConfig kafka) {
        this.config = config;
        this.deadLetters = deadLetters;
        this.publishedComparisons = publishedComparisons;
        this.evaluations = evaluations;
        this.comparisons = comparisons;
        this.kafka = kafka;
    }

    /**
     * The topics the evaluator's incoming channels read.
     *
     * @param prefix the topic prefix
     * @return their names
     */
    static List<String> consumedTopics(String prefix) {
        return List.of(
                prefix + KdTopics.MODELS,
                prefix + KdTopics.TEACHER_RUNS,
                prefix + KdTopics.TRAINING_PROGRESS,
                prefix + KdTopics.JOB_STATES,
                prefix + KdTopics.EVALUATIONS,
                prefix + KdTopics.STUDENT_JOBS);
    }

    void onStart(@Observes @Priority(TopicStartup.PRIORITY + 1) StartupEvent event) {
        if (!config.topics().create()) {
            Log.info("kd.topics.create=false: the evaluator's own topics are not read back");
            return;
        }
        String prefix = config.topics().prefix();
        TopicReader reader = new TopicReader(kafka, "evaluator-service", TIMEOUT);
        List<String> consumed = consumedTopics(prefix);
        // the end offsets first: whatever arrives after them is new, not replayed
        try (KafkaConsumer<String, byte[]> consumer = reader.newConsumer("replay-offsets")) {
            for (String topic : consumed) {
                List<TopicPartition> partitions =
                        reader.partitionsOf(consumer, topic).stream()
                                .map(p -> new TopicPartition(topic, p))
                                .toList();
                comparisons.expectReplay(
                        topic,
                        byPartition(consumer.beginningOffsets(partitions, TIMEOUT)),
                        byPartition(consumer.endOffsets(partitions, TIMEOUT)));
            }
        }
        reader.readAll(
                prefix + KdTopics.DEAD_LETTERS,
                List.of(),
                r -> deadLetters.record(r.headers(), consumed));
        int[] counts = new int[2];
        try (EvaluationDeserializer decoder = new EvaluationDeserializer()) {
            reader.readAll(
                    prefix + KdTopics.EVALUATIONS,
                    List.of(),
                    r ->
                            decode(r.topic(), r.value(), b -> decoder.deserialize(r.topic(), b))
                                    .ifPresent(
                                            e -> {
                                                counts[0]++;
                                                evaluations.onLoggedEvaluation(
                                                        EvaluationMapper.toDomain(e));
                                            }));
        }
        try (ComparisonDeserializer decoder = new ComparisonDeserializer()) {
            reader.latestByKey(prefix + KdTopics.COMPARISONS)
                    .forEach(
                            (key, value) ->
                                    decode(
                                                    prefix + KdTopics.COMPARISONS,
                                                    value,
                                                    b ->
                                                            decoder.deserialize(
                                                                    prefix + KdTopics.COMPARISONS,
                                                                    b))
                                            .ifPresent(
                                                    c -> {
                                                        counts[1]++;
                                                        publishedComparisons.seed(c);
                                                    }));
        }
        Log.infof(
                "Read back %d dead letters of the incoming topics, %d evaluations, %d comparisons",
                deadLetters.size(), counts[0], counts[1]);
        comparisons.awaitReplay(Duration.ofSeconds(config.evaluator().replayCatchUpSeconds()));
    }

    private static <T> Optional<T> decode(String topic, byte[] value, Function<byte[], T> decoder) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(decoder.apply(value));
        } catch (RuntimeException e) {
            Log.debugf("A record of %s does not decode, skipped at start: %s", topic, e);
            return Optional.empty();
        }
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((tp, offset) -> result.put(tp.partition(), offset));
        return result;
    }
}
