package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdstream.core.messaging.KdTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: 10,000 malformed records spread over every topic a service consumes (random bytes,
 * truncated Avro, a wrong schema fingerprint, a record of another schema, and on the models topic
 * checkpoints holding NaN, of the wrong shapes and declaring gigabytes), written while a real
 * experiment runs. Every service must stay up and ready, each malformed record must be
 * dead-lettered exactly once by each service that reads it, with a reason, and the experiment must
 * complete.
 *
 * <p>The malformed records are made from the run's own first records, so that each is wrong in
 * exactly one way. The teacher-logits topics are not in this scenario: a worker reads only a run's
 * offset ranges, and malformed batches inside one are {@code StudentPipelineIT}'s case.
 */
class MalformedRecordsIT {

    private static final int RECORDS = 10_000;
    private static final String P = Records.PREFIX;
    private static final String MODELS = P + KdTopics.MODELS;
    private static final String JOBS = P + KdTopics.STUDENT_JOBS;
    private static final String EVALUATOR = "evaluator-service";
    private static final String STUDENT = "student-service";

    /** The topics a service consumes, each with the services that read (and dead-letter) it. */
    private static final Map<String, Set<String>> READERS =
            Map.of(
                    MODELS,
                    Set.of(EVALUATOR),
                    P + KdTopics.TEACHER_RUNS,
                    Set.of(EVALUATOR),
                    P + KdTopics.TRAINING_PROGRESS,
                    Set.of(EVALUATOR),
                    P + KdTopics.EVALUATIONS,
                    Set.of(EVALUATOR),
                    // the evaluator's job log and the workers' queue
                    JOBS,
                    Set.of(EVALUATOR, STUDENT));

    private static Deployment deployment;
    private static final List<ServiceProcess> services = new ArrayList<>();

    @BeforeAll
    static void start() {
        deployment = new Deployment("malformed-records");
        deployment.startBroker();
        services.addAll(deployment.startPipeline(3, 4000));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void malformedRecordsAreDeadLetteredOnceEachAndTheExperimentCompletes() throws Exception {
        // 1. one real record of each consumed topic, the material of the malformed ones
        Map<String, byte[]> real = new LinkedHashMap<>();
        Awaits.until(
                "a record on each consumed topic",
                Duration.ofMinutes(5),
                () -> {
                    for (String topic : READERS.keySet()) {
                        if (!real.containsKey(topic)) {
                            List<ConsumerRecord<String, byte[]>> records =
                                    deployment.topics().readAll(topic);
                            if (!records.isEmpty()) {
                                real.put(topic, records.get(0).value());
                            }
                        }
                    }
                    return real.size() == READERS.size();
                });

        // 2. 10,000 malformed records, round robin over the topics and the ways to be wrong
        Random random = new Random(13);
        List<String> topics = new ArrayList<>(READERS.keySet());
        Map<String, String> sent = new HashMap<>(); // "topic/partition@offset" -> kind
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String topic = topics.get(i % topics.size());
                Malformed m = malformed(topic, i / topics.size(), real, random);
                kinds.add(m.kind());
                acks.add(producer.send(new ProducerRecord<>(topic, "malformed-" + i, m.bytes())));
            }
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata md = acks.get(i).get();
                sent.put(md.topic() + "/" + md.partition() + "@" + md.offset(), kinds.get(i));
            }
        }
        System.out.printf(
                "fault suite: %,d malformed records written in %.1f s%n",
                RECORDS, (System.nanoTime() - start) / 1e9);

        // 3. every one dead-lettered by each of its readers
        int expected =
                sent.keySet().stream()
                        .mapToInt(k -> READERS.get(k.substring(0, k.indexOf('/'))).size())
                        .sum();
        Awaits.until(
                expected + " dead letters",
                Duration.ofMinutes(10),
                () -> Topics.deadLetters(deployment.topics()).size() >= expected);
        System.out.printf(
                "fault suite: %,d dead letters %.0f s after the first malformed record%n",
                expected, (System.nanoTime() - start) / 1e9);

        // 4. the real experiment completes, its jobs DONE
        ServiceProcess evaluator = services.get(0);
        Awaits.until(
                "a complete comparison", Duration.ofMinutes(10), evaluator::hasCompleteComparison);

        // exactly once by each service that reads it, each with a reason and the service's name;
        // nothing real was dead-lettered
        Map<String, List<String>> origins = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Topics.DeadLetter d : Topics.deadLetters(deployment.topics())) {
            origins.computeIfAbsent(d.at(), k -> new ArrayList<>()).add(d.origin());
            if (!sent.containsKey(d.at())) {
                problems.add("a record that was not malformed was dead-lettered: " + d);
            }
            if (d.reason() == null || d.reason().isBlank()) {
                problems.add("dead letter of " + d.at() + " has no reason");
            }
        }
        for (Map.Entry<String, String> s : sent.entrySet()) {
            Set<String> readers = READERS.get(s.getKey().substring(0, s.getKey().indexOf('/')));
            List<String> by = origins.getOrDefault(s.getKey(), List.of());
            if (by.size() != readers.size() || !readers.equals(Set.copyOf(by))) {
                problems.add(
                        s.getKey()
                                + " ("
                                + s.getValue()
                                + ") dead-lettered by "
                                + by
                                + ", expected once by each of "
                                + readers);
            }
        }
        assertThat(problems).as("dead letters").isEmpty();
        for (ServiceProcess s : services) {
            assertThat(s.isAlive()).as(s.name() + " alive").isTrue();
            assertThat(s.status("/q/health/ready")).as(s.name() + " ready").isEqualTo(200);
        }
        // training quality is not this scenario's question (PipelineEndToEndIT's): the teacher and
        // both students are in the comparison, evaluated
        JsonNode comparison = evaluator.getJson("/api/comparisons").get(0);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : comparison.path("rows")) {
            rows.add(row.path("role").asText() + "/" + row.path("lossMode").asText());
            assertThat(row.path("accuracy").isNumber()).as(row.toString()).isTrue();
        }
        assertThat(rows).hasSize(3).contains("STUDENT/hinton", "STUDENT/none");
    }

    /** A malformed record and how it is wrong. */
    record Malformed(String kind, byte[] bytes) {}

    private static Malformed malformed(
            String topic, int n, Map<String, byte[]> real, Random random) {
        byte[] own = real.get(topic);
        List<String> kinds =
                new ArrayList<>(
                        List.of("random bytes", "truncated", "fingerprint", "other schema"));
        if (topic.equals(MODELS)) {
            kinds.addAll(List.of("NaN parameters", "wrong shapes", "huge declared length"));
        }
        String kind = kinds.get(n % kinds.size());
        byte[] bytes =
                switch (kind) {
                    case "random bytes" -> {
                        byte[] b = new byte[1 + random.nextInt(2000)];
                        random.nextBytes(b);
                        yield b;
                    }
                    case "truncated" -> Arrays.copyOf(own, 10 + random.nextInt(own.length / 2));
                    case "fingerprint" -> {
                        // single-object encoding: 2 marker bytes, then the 8-byte schema
                        // fingerprint
                        byte[] b = own.clone();
                        b[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                        yield b;
                    }
                    case "other schema" -> {
                        String other = topic.equals(JOBS) ? P + KdTopics.TEACHER_RUNS : JOBS;
                        yield real.get(other);
                    }
                    default -> CorruptCheckpoints.of(own, kind, n);
                };
        return new Malformed(kind, bytes);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, deployment.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }
}
