package io.kdstream.student.messaging;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.student.config.StudentConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates every kd-stream topic at start, before the channels connect.
 *
 * <p>All services do this with the same definition ({@link KdTopics}), so whichever starts first
 * sets the partition counts and retention (student-jobs has one partition, which every worker of
 * the share group takes jobs from).
 * The observer runs before SmallRye Reactive Messaging starts its consumers ({@code
 * LIBRARY_BEFORE}), so no consumer makes the broker auto-create a topic with the default count.
 */
@ApplicationScoped
public class TopicStartup {

    private static final int TIMEOUT_SECONDS = 60;

    private final String bootstrapServers;
    private final StudentConfig config;

    TopicStartup(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            StudentConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.topics().create()) {
            Log.info("kd.topics.create=false: topics are not created");
            return;
        }
        String prefix = config.topics().prefix();
        Set<String> created =
                TopicProvisioner.ensure(bootstrapServers, KdTopics.all(prefix), TIMEOUT_SECONDS);
        Log.infof(
                "Kafka topics with prefix '%s' ready at %s%s",
                prefix, bootstrapServers, created.isEmpty() ? "" : " (created " + created + ")");
    }
}
