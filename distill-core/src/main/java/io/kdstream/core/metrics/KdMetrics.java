package io.kdstream.core.metrics;

/**
 * The names and tags of kd-stream's own Micrometer meters, shared by every service.
 *
 * <p>Names are dotted, as Micrometer wants them; the Prometheus registry of {@code /q/metrics}
 * writes them with underscores and adds a unit or {@code _total} suffix: {@link #TRAINING_STEP}
 * becomes {@code kd_training_step_seconds_count}, {@code _sum} and {@code _max}, {@link
 * #RECORDS_PUBLISHED} becomes {@code kd_records_published_total}. One place for the names keeps the
 * teacher's and the students' training meters identical, so one dashboard query covers both roles.
 */
public final class KdMetrics {

    /** Gauge: training images per second of a job since it started. */
    public static final String TRAINING_SAMPLES_PER_SECOND = "kd.training.samples.per.second";

    /** Timer: wall time of one training step (forward, backward, update). */
    public static final String TRAINING_STEP = "kd.training.step";

    /** Gauge: the latest training loss of a job (a step's, then the epoch's mean). */
    public static final String TRAINING_LOSS = "kd.training.loss";

    /** Gauge: the epoch a job is in, from 1. */
    public static final String TRAINING_EPOCH = "kd.training.epoch";

    /** Counter: records the broker acknowledged, by topic. */
    public static final String RECORDS_PUBLISHED = "kd.records.published";

    /** Counter: records an incoming channel refused, sent to the dead-letter topic, by channel. */
    public static final String DEAD_LETTERS = "kd.dead.letters";

    /**
     * Teacher logit records a student's replay handed to training, tagged by where they came from.
     */
    public static final String REPLAY_RECORDS = "kd.replay.records";

    /** Gauge: test accuracy of the latest evaluated checkpoint of a role, in [0, 1]. */
    public static final String EVALUATION_ACCURACY = "kd.evaluation.accuracy";

    /**
     * Gauge: records of a topic a share group has not finished (student-jobs: jobs waiting or
     * training).
     */
    public static final String CONSUMER_LAG = "kd.consumer.lag";

    /** Tag: the job (student job id, teacher training id) the meter belongs to. */
    public static final String TAG_JOB = "job";

    /** Tag: the model: the architecture being trained, or the evaluated checkpoint's id. */
    public static final String TAG_MODEL = "model";

    /** Tag: teacher or student. */
    public static final String TAG_ROLE = "role";

    /** Tag: a Kafka topic. */
    public static final String TAG_TOPIC = "topic";

    /** Tag: an incoming channel. */
    public static final String TAG_CHANNEL = "channel";

    /** Tag: a Kafka share group. */
    public static final String TAG_GROUP = "group";

    private KdMetrics() {}
}
