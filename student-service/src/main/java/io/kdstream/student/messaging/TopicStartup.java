package io.kdstream.student.messaging;

import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.student.config.StudentConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates every kd-stream topic at start ({@link TopicProvisioner#provisionAll}), before SmallRye
 * Reactive Messaging connects.
 */
@ApplicationScoped
public class TopicStartup {

    private final String bootstrapServers;
    private final StudentConfig config;

    TopicStartup(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            StudentConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        Log.info(TopicProvisioner.provisionAll(bootstrapServers, config.topics()));
    }
}
