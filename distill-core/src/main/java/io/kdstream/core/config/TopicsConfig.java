package io.kdstream.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Kafka topic naming, {@code kd.topics.*}: the same keys in every service, so that one
 * KD_TOPICS_PREFIX moves a whole deployment to other topics.
 *
 * <p>A mapping of its own, so that distill-core's beans ({@link
 * io.kdstream.core.messaging.TopicStartup}) can inject it; each service's root mapping also holds
 * it as its {@code topics()} group. Both read the same keys.
 */
@ConfigMapping(prefix = "kd.topics")
public interface TopicsConfig {

    /** Prefix of every topic name (KD_TOPICS_PREFIX), e.g. "kd." gives "kd.student-jobs". */
    @WithDefault("kd.")
    String prefix();

    /** Whether to create the topics at start (KD_TOPICS_CREATE); off in tests without a broker. */
    @WithDefault("true")
    boolean create();
}
