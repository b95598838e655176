package io.kdstream.core.messaging;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of kd-stream, with the partitions and retention it needs.
 *
 * <p>One definition for all services: each service creates all topics at start (idempotent), so
 * whichever starts first finds the same layout, and compose, Kubernetes and the local run cannot
 * disagree about partition counts. Names are {@code <prefix><suffix>}; the prefix is {@code
 * kd.topics.prefix} ({@code KD_TOPICS_PREFIX}), "kd." by default.
 */
public final class KdTopics {

    public static final String TEACHER_LOGITS = "teacher-logits";
    public static final String TEACHER_RUNS = "teacher-runs";
    public static final String MODELS = "models";
    public static final String STUDENT_JOBS = "student-jobs";
    public static final String TRAINING_PROGRESS = "training-progress";
    public static final String JOB_STATES = "job-states";
    public static final String EVALUATIONS = "evaluations";
    public static final String COMPARISONS = "comparisons";
    public static final String DEAD_LETTERS = "dead-letters";

    /**
     * Header of a dead letter naming the service that refused the record ({@code
     * evaluator-service}, {@code student-service}): a topic read by two services (student-jobs: the
     * evaluator's job log and the workers' queue) gets one dead letter from each, and an operator
     * needs to know whose reason is whose.
     */
    public static final String DEAD_LETTER_ORIGIN_HEADER = "dead-letter-origin";

    /**
     * Partitions of student-jobs: one. The workers share it as a share group, so any number of them
     * train at once, and any idle one takes the next job. With more partitions than workers, the
     * broker's share-group assignor gives each partition to one worker, and a busy worker's
     * partitions would hold their jobs back while another worker idles.
     */
    public static final int STUDENT_JOB_PARTITIONS = 1;

    private static final String FOREVER = "-1";
    private static final String ONE_WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String TEN_MB = String.valueOf(10 * 1024 * 1024);

    private KdTopics() {}

    /**
     * A topic to create.
     *
     * @param name full topic name, prefix included
     * @param partitions partition count
     * @param config topic-level configuration
     */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {}

    /**
     * Lists all topics for the given prefix.
     *
     * @param prefix the topic prefix, e.g. "kd."
     * @return the topic specs
     */
    public static List<TopicSpec> all(String prefix) {
        return List.of(
                // Retained forever: students replay a teacher run long after the teacher is gone.
                new TopicSpec(
                        prefix + TEACHER_LOGITS,
                        3,
                        Map.of(
                                "retention.ms",
                                FOREVER,
                                "compression.type",
                                "producer",
                                "max.message.bytes",
                                TEN_MB)),
                // Compacted: the latest manifest per run id is what matters.
                new TopicSpec(prefix + TEACHER_RUNS, 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(
                        prefix + MODELS,
                        3,
                        Map.of("retention.ms", FOREVER, "max.message.bytes", TEN_MB)),
                new TopicSpec(
                        prefix + STUDENT_JOBS,
                        STUDENT_JOB_PARTITIONS,
                        Map.of("retention.ms", FOREVER)),
                new TopicSpec(prefix + TRAINING_PROGRESS, 3, Map.of("retention.ms", ONE_WEEK_MS)),
                // Compacted: each job's final state (DONE, FAILED, REJECTED) outlives the 7 days
                // of training-progress, so a restarted evaluator still knows the job ended.
                new TopicSpec(prefix + JOB_STATES, 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(prefix + EVALUATIONS, 3, Map.of("retention.ms", FOREVER)),
                new TopicSpec(prefix + COMPARISONS, 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(
                        prefix + DEAD_LETTERS,
                        1,
                        Map.of("retention.ms", FOREVER, "max.message.bytes", TEN_MB)));
    }
}
