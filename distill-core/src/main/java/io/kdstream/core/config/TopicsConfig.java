package io.kdstream.core.config;

import io.smallrye.config.WithDefault;

/**
 * Kafka topic naming, {@code kd.topics.*}: the same keys in every service, so that one
 * KD_TOPICS_PREFIX moves a whole deployment to other topics.
 */
public interface TopicsConfig {

    /** Prefix of every topic name (KD_TOPICS_PREFIX), e.g. "kd." gives "kd.student-jobs". */
    @WithDefault("kd.")
    String prefix();

    /** Whether to create the topics at start (KD_TOPICS_CREATE); off in tests without a broker. */
    @WithDefault("true")
    boolean create();
}
