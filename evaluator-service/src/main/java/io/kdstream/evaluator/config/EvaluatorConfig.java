package io.kdstream.evaluator.config;

import io.kdstream.core.config.DataConfig;
import io.kdstream.core.config.TopicsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the evaluator service: every key under {@code kd.}. */
@ConfigMapping(prefix = "kd")
public interface EvaluatorConfig {

    /** Kafka topics. */
    TopicsConfig topics();

    /** The MNIST data. */
    DataConfig data();

    /** Where checkpoints are evaluated: auto (first GPU, else CPU), cpu or gpu. */
    @WithDefault("auto")
    String device();

    /** Evaluation and experiments. */
    Evaluator evaluator();

    /** Evaluation and experiments. */
    interface Evaluator {

        /** Images per forward pass when evaluating, also the batch of the throughput figure. */
        @WithDefault("256")
        int batchSize();

        /** Submit the standard experiment when a teacher run becomes COMPLETE. */
        @WithDefault("true")
        boolean autoExperiment();

        /**
         * Longest wait, at start, for the student-jobs replay before auto experiments are submitted
         * anyway.
         */
        @WithDefault("60")
        int jobLogCatchUpSeconds();

        /**
         * Longest wait, at start, for the replay of the incoming topics before comparisons are
         * published anyway (until then they come from a half-rebuilt state and are not published).
         */
        @WithDefault("600")
        int replayCatchUpSeconds();

        /**
         * Share group of the student workers (their kd.student.group), whose student-jobs backlog
         * is kd_consumer_lag.
         */
        @WithDefault("student-service")
        String studentGroup();

        /**
         * Most dashboard event streams ({@code GET /api/events}) open at once; one more is answered
         * 503 with Retry-After, so that clients cannot hold the evaluator's memory and threads.
         */
        @WithDefault("100")
        int maxEventStreams();

        /**
         * Seconds between checks of the MNIST test set while checkpoints wait for it (it is missing
         * or damaged): they are held, not dead-lettered.
         */
        @WithDefault("5")
        int testSetRetrySeconds();

        /**
         * Most model evaluations kept in memory; beyond it the oldest of finished experiments go
         * first (they stay on the evaluations topic), so memory does not grow with history.
         */
        @WithDefault("5000")
        int maxModels();

        /**
         * Most test-set predictions (10,000 bytes each) kept in memory; students' go first, because
         * a student's agreement needs its teacher's.
         */
        @WithDefault("500")
        int maxPredictions();

        /** The standard experiment: the tutorial's student distilled and trained from scratch. */
        StandardExperiment standardExperiment();
    }

    /** The standard experiment; the defaults are the quick profile's. */
    interface StandardExperiment {

        /** Registry name of the student architecture. */
        @WithDefault("tutorial-student")
        String architecture();

        /** Weight of the hard-label cross-entropy of the distilled student, in [0, 1]. */
        @WithDefault("0.1")
        double alpha();

        /** Softmax temperature of the distilled student, > 0. */
        @WithDefault("10")
        double temperature();

        /** Epochs of both students. */
        @WithDefault("3")
        int epochs();

        /**
         * SGD learning rate of both students. 0.005, not the teacher's 0.05: hinton at T = 10
         * scales the soft-target gradient by about T. 0.05 diverged (10% accuracy) in the e2e run,
         * and 0.01 sat on the edge: it trained to 95.5% in most runs and to NaN in one.
         */
        @WithDefault("0.005")
        double learningRate();

        /** SGD momentum of both students, in [0, 1). */
        @WithDefault("0.9")
        double momentum();

        /** Images per step of both students. */
        @WithDefault("64")
        int batchSize();

        /** Seed of the weights and batch order of both students. */
        @WithDefault("7")
        long seed();

        /**
         * Seeds per student, 1 to 10: above 1, each student is trained with seeds {@code seed},
         * {@code seed + 1}, ... and the comparison shows the mean, the spread and the distilled
         * student's difference to scratch with a 95% confidence interval.
         */
        @WithDefault("1")
        int repeats();
    }
}
