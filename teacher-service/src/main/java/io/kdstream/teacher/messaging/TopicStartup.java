package io.kdstream.teacher.messaging;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.teacher.config.TeacherConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates every kd-stream topic at start, before any work is queued.
 *
 * <p>All services do this with the same definition ({@link KdTopics}), so whichever starts first
 * sets the partition counts and retention; the call is idempotent.
 */
@ApplicationScoped
public class TopicStartup {

    /**
     * Observer priority: before SmallRye Reactive Messaging starts its producers ({@code
     * LIBRARY_BEFORE}, 1000), so that no send can auto-create a topic with the broker's default
     * partition count, and before the teacher's work is queued.
     */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 100;

    private static final int TIMEOUT_SECONDS = 60;

    private final String bootstrapServers;
    private final String prefix;
    private final boolean create;

    TopicStartup(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            TeacherConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = config.topics().prefix();
        this.create = config.topics().create();
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (!create) {
            Log.info("kd.topics.create=false: topics are not created");
            return;
        }
        Set<String> created =
                TopicProvisioner.ensure(bootstrapServers, KdTopics.all(prefix), TIMEOUT_SECONDS);
        Log.infof(
                "Kafka topics with prefix '%s' ready at %s%s",
                prefix, bootstrapServers, created.isEmpty() ? "" : " (created " + created + ")");
    }
}
