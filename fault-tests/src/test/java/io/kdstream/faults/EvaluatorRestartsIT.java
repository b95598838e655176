package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdstream.core.codec.EvaluationDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.Evaluation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the evaluator restarted three times while an experiment trains (twice with SIGTERM,
 * once with {@code kill -9}), with malformed records on its topics. At the end its comparison must
 * equal the one a fresh evaluator computes from the topics, no evaluation may be published twice
 * with the same figures, and no record may be dead-lettered twice.
 */
class EvaluatorRestartsIT {

    private static final int EPOCHS = 8;
    private static final String P = Records.PREFIX;

    private static Deployment deployment;
    private static ServiceProcess evaluator;

    @BeforeAll
    static void start() {
        deployment = new Deployment("evaluator-restarts");
        deployment.startBroker();
        evaluator = deployment.startPipeline(EPOCHS, 12000).get(0);
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void threeRestartsLeaveTheSameComparisonAndNoDuplicates() throws Exception {
        // malformed records the evaluator reads, so that a restart has dead letters to repeat
        Random random = new Random(3);
        for (String topic :
                List.of(KdTopics.MODELS, KdTopics.TRAINING_PROGRESS, KdTopics.TEACHER_RUNS)) {
            for (int i = 0; i < 5; i++) {
                byte[] garbage = new byte[50 + random.nextInt(200)];
                random.nextBytes(garbage);
                deployment.topics().send(P + topic, null, "garbage-" + i, garbage);
            }
        }
        long restarts = 0;
        for (int checkpoints : new int[] {1, 6, 11}) {
            Awaits.until(
                    checkpoints + " student checkpoints",
                    Duration.ofMinutes(5),
                    () -> Topics.studentCheckpoints(deployment.topics()).size() >= checkpoints);
            long t = System.nanoTime();
            if (checkpoints == 6) {
                evaluator.kill();
            } else {
                // SIGTERM mid-experiment: an orderly stop, exit status 0 (as docker stop expects)
                assertThat(evaluator.stop())
                        .as("the evaluator's exit status after SIGTERM")
                        .isZero();
            }
            evaluator.start();
            evaluator.awaitReady();
            restarts += System.nanoTime() - t;
        }
        System.out.printf(
                "fault suite: 3 evaluator restarts, %.1f s each on average until ready%n",
                restarts / 3 / 1e9);

        Awaits.until(
                "a complete comparison", Duration.ofMinutes(10), evaluator::hasCompleteComparison);
        JsonNode restarted = evaluator.getJson("/api/comparisons");

        // a fresh evaluator, reading the same topics, must come to the same comparison
        ServiceProcess fresh =
                deployment.start(
                        "evaluator-service",
                        "fresh-evaluator",
                        Map.of("kd.evaluator.auto-experiment", "false"));
        Awaits.until(
                "the fresh evaluator's complete comparison",
                Duration.ofMinutes(5),
                fresh::hasCompleteComparison);
        assertThat(withoutTimes(restarted))
                .isEqualTo(withoutTimes(fresh.getJson("/api/comparisons")));

        // no evaluation published twice with the same figures
        Map<String, List<String>> evaluations = new HashMap<>();
        try (EvaluationDeserializer d = new EvaluationDeserializer()) {
            for (ConsumerRecord<String, byte[]> r :
                    deployment.topics().readAll(P + KdTopics.EVALUATIONS)) {
                Evaluation e = d.deserialize(r.topic(), r.value());
                e.setEvaluatedAt(java.time.Instant.EPOCH);
                e.setImagesPerSecond(0.0);
                evaluations
                        .computeIfAbsent(e.getModelId().toString(), k -> new ArrayList<>())
                        .add(e.toString());
            }
        }
        evaluations.forEach(
                (model, published) ->
                        assertThat(published)
                                .as("evaluations of %s", model)
                                .doesNotHaveDuplicates());

        // no record dead-lettered twice
        Map<String, Integer> deadLetters = new HashMap<>();
        for (Topics.DeadLetter d : Topics.deadLetters(deployment.topics())) {
            deadLetters.merge(d.at(), 1, Integer::sum);
        }
        assertThat(deadLetters).hasSize(15);
        assertThat(deadLetters.values()).as("dead letters per record").containsOnly(1);
    }

    /** The comparisons with every timestamp and throughput (machine load, not results) removed. */
    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.endsWith("At") || name.equals("imagesPerSecond")) {
                    names.remove();
                }
            }
        }
        node.forEach(EvaluatorRestartsIT::strip);
    }
}
