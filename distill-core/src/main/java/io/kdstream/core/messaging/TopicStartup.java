package io.kdstream.core.messaging;

import io.kdstream.core.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step of every service: creates whichever kd-stream topics are missing ({@link
 * TopicProvisioner#provisionAll}), unless {@code kd.topics.create=false}, and warns, with the fix,
 * about each existing topic whose partitions or settings differ from kd-stream's.
 *
 * <p>One bean for all three services: each indexes distill-core ({@code
 * quarkus.index-dependency.core.*}), so Quarkus discovers it there.
 */
@ApplicationScoped
public class TopicStartup {

    /**
     * Observer priority: before SmallRye Reactive Messaging starts its channels ({@code
     * LIBRARY_BEFORE}, 1000), so that no consumer or producer makes the broker auto-create a topic
     * with its default partition count. A service's own start-up work that needs the topics
     * observes with a larger number.
     */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE;

    private static final Logger LOG = LoggerFactory.getLogger(TopicStartup.class);

    private final KafkaClientConfig kafka;
    private final TopicsConfig topics;

    TopicStartup(KafkaClientConfig kafka, TopicsConfig topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        // secrets are masked: this line shows which security settings the hand-built clients got
        LOG.info("Kafka clients: {}", kafka);
        TopicProvisioner.Report report = TopicProvisioner.provisionAll(kafka, topics);
        LOG.info(report.summary());
        report.drift().forEach(LOG::warn);
    }
}
