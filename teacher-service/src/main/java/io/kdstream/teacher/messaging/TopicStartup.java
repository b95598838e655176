package io.kdstream.teacher.messaging;

import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.teacher.config.TeacherConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates every kd-stream topic at start ({@link TopicProvisioner#provisionAll}), before SmallRye
 * Reactive Messaging connects, and before the teacher's work is queued.
 */
@ApplicationScoped
public class TopicStartup {

    /**
     * Observer priority: before SmallRye Reactive Messaging starts its producers ({@code
     * LIBRARY_BEFORE}, 1000), so that no send can auto-create a topic with the broker's default
     * partition count, and before the teacher's work is queued.
     */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 100;

    private final String bootstrapServers;
    private final TeacherConfig config;

    TopicStartup(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            TeacherConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        Log.info(TopicProvisioner.provisionAll(bootstrapServers, config.topics()));
    }
}
