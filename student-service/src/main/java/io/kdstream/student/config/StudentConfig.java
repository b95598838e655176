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
         * How long a rebalance or a shutdown waits for the running job to stop, seconds; the
         * partition is handed over only after that (a job stops within one training step).
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
