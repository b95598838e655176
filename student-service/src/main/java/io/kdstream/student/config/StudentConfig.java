package io.kdstream.student.config;

import io.kdstream.core.config.DataConfig;
import io.kdstream.core.config.TopicsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The student-service's configuration, every key under {@code kd.}.
 *
 * <p>Keys map to environment variables mechanically ({@code kd.student.shuffle-buffer-batches}
 * becomes {@code KD_STUDENT_SHUFFLE_BUFFER_BATCHES}). What a job trains (architecture, loss,
 * epochs, learning rate...) is not configured here: it comes with each job record.
 */
@ConfigMapping(prefix = "kd")
public interface StudentConfig {

    /** Kafka topic naming. */
    TopicsConfig topics();

    /**
     * Where MNIST lives. A worker reads its images from the teacher run on Kafka, not from here;
     * the key exists because every service gets the same KD_DATA_DIR.
     */
    DataConfig data();

    /** Where jobs train: auto (first GPU, else CPU), cpu or gpu. */
    @WithDefault("auto")
    String device();

    /** The student workers. */
    Student student();

    /** The student workers. */
    interface Student {

        /**
         * How many teacher logit records the replay mixes at once: it reads the run in segments of
         * this many records, in a seeded random order per epoch, and draws images at random from a
         * buffer of this many records' images (16 x 128 = 2,048 images by default).
         */
        @WithDefault("16")
        int shuffleBufferBatches();

        /**
         * How much heap a job may use to keep its teacher run's decoded records after the first
         * epoch, MiB: later epochs then read them from memory instead of Kafka. A run of all 60,000
         * MNIST images takes about 50 MiB; a larger run than this is read from Kafka every epoch. 0
         * turns the cache off.
         */
        @WithDefault("256")
        int replayCacheMb();

        /**
         * How many jobs this worker trains at once (one per GPU, say). Each job trains on its own
         * thread; with 1 (the default) a worker takes a job only when it is idle.
         */
        @WithDefault("1")
        int slots();

        /**
         * The share group every worker joins on the student-jobs topic: any idle member takes the
         * next waiting job, whatever the partition count.
         */
        @WithDefault("student-service")
        String group();

        /**
         * The group's acquisition lock, seconds ({@code share.record.lock.duration.ms}, set on the
         * group at start): the worker renews a job's lock every third of this while the job trains;
         * a worker killed with {@code kill -9} loses its job to another worker after at most this
         * long. 30 s is the broker's default, inside its 15 to 60 s bounds ({@code
         * group.share.min/max.record.lock.duration.ms}): long enough to ride out a GC pause or a
         * slow renewal, short enough that a crash costs half a minute.
         */
        @WithDefault("30")
        int lockTimeoutSeconds();

        /**
         * How often the broker delivers a job at most ({@code share.delivery.count.limit}, set on
         * the group at start, 2 to 10 on a default broker). Every lost lock or release counts; a
         * job on its last delivery is not trained but ends FAILED, so that a job that kills its
         * worker every time stops after this many deliveries with a status that says so.
         */
        @WithDefault("5")
        int deliveryLimit();

        /**
         * Whether this process takes jobs from Kafka; off in the in-memory tests, which hand jobs
         * to {@code StudentJobRunner} themselves.
         */
        @WithDefault("true")
        boolean consume();

        /**
         * How long a shutdown waits for the running jobs to stop, seconds (a job stops within one
         * training step).
         */
        @WithDefault("30")
        int stopTimeoutSeconds();

        /**
         * How long to wait for the broker to acknowledge a checkpoint or a final status, seconds.
         */
        @WithDefault("60")
        int ackTimeoutSeconds();

        /**
         * How long reading a topic (teacher runs, checkpoints, a segment of logits) may take,
         * seconds.
         */
        @WithDefault("60")
        int readTimeoutSeconds();

        /** Names this worker in progress records after the host name; a random id when unset. */
        Optional<String> instanceId();
    }
}
