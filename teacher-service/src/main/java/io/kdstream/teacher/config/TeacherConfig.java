package io.kdstream.teacher.config;

import io.kdstream.core.config.DataConfig;
import io.kdstream.core.config.TopicsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The teacher-service's configuration, every key under {@code kd.}.
 *
 * <p>Keys map to environment variables mechanically ({@code kd.teacher.train-limit} becomes {@code
 * KD_TEACHER_TRAIN_LIMIT}). The training hyper-parameters are optional overrides: unset, they take
 * the value of the selected {@link Teacher#profile() profile}.
 */
@ConfigMapping(prefix = "kd")
public interface TeacherConfig {

    /** Kafka topic naming. */
    TopicsConfig topics();

    /** Where MNIST lives. */
    DataConfig data();

    /** Where the teacher trains and infers: auto (first GPU, else CPU), cpu or gpu. */
    @WithDefault("auto")
    String device();

    /** The teacher's training and streaming. */
    Teacher teacher();

    /** The teacher's training and streaming. */
    interface Teacher {

        /** Training profile: quick (minutes on 2 cores) or reference (the tutorial exactly). */
        @WithDefault("quick")
        String profile();

        /** Registry name of the teacher network; the profile's when unset. */
        Optional<String> architecture();

        /** Training epochs; the profile's when unset. */
        Optional<Integer> epochs();

        /** SGD learning rate; the profile's when unset. */
        Optional<Float> learningRate();

        /** SGD momentum; the profile's when unset. */
        Optional<Float> momentum();

        /** Training batch size; the profile's when unset. */
        Optional<Integer> batchSize();

        /** Seeds the initial weights and the batch order; the profile's when unset. */
        Optional<Long> seed();

        /** Initial weights: pytorch-default or djl-default; the profile's when unset. */
        Optional<String> weightInit();

        /** Train on and stream the first N training images; 0 means all 60,000. */
        @WithDefault("0")
        int trainLimit();

        /** Images per TeacherLogitBatch record on the logits topic. */
        @WithDefault("128")
        int streamBatchSize();

        /** Train and then stream as soon as the service starts. */
        @WithDefault("true")
        boolean runOnStart();

        /**
         * At start, reuse an earlier teacher's work with the same settings: nothing to do when a
         * COMPLETE run streamed it, a stream without training when only its checkpoint is on the
         * models topic; false trains a new teacher every time.
         */
        @WithDefault("true")
        boolean reuseFinishedWork();

        /** Requested runs that may wait for the worker; one more is answered 429. */
        @WithDefault("4")
        int maxQueuedRuns();

        /** Finished runs GET /api/teacher/runs keeps listing; older ones are only on Kafka. */
        @WithDefault("100")
        int maxFinishedRuns();

        /** At start, stream this existing checkpoint (models topic) instead of training. */
        Optional<String> restreamModelId();

        /** How long to wait for the broker to acknowledge a manifest or a checkpoint, seconds. */
        @WithDefault("60")
        int ackTimeoutSeconds();
    }
}
