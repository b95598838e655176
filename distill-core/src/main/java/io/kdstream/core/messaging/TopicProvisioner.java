package io.kdstream.core.messaging;

import io.kdstream.core.config.TopicsConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates kd-stream's topics if they do not exist yet.
 *
 * <p>Idempotent: an existing topic is left as it is, so services can all call it at start. The
 * replication factor follows the broker's default ({@code default.replication.factor}), which suits
 * a single-node local broker and a three-node cluster alike.
 */
public final class TopicProvisioner {

    /** How long start-up waits for the broker. */
    public static final int STARTUP_TIMEOUT_SECONDS = 60;

    private TopicProvisioner() {}

    /**
     * The start-up step of every service: creates whichever kd-stream topics are missing, unless
     * {@code kd.topics.create=false}. Each service calls it from a start-up observer that runs
     * before SmallRye Reactive Messaging connects, so that no consumer or producer makes the broker
     * auto-create a topic with its default partition count.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @param topics the service's {@code kd.topics.*} settings
     * @return what happened, for the service's log
     * @throws IllegalStateException if the broker cannot be reached in time
     */
    public static String provisionAll(String bootstrapServers, TopicsConfig topics) {
        if (!topics.create()) {
            return "kd.topics.create=false: topics are not created";
        }
        Set<String> created =
                ensure(bootstrapServers, KdTopics.all(topics.prefix()), STARTUP_TIMEOUT_SECONDS);
        return "Kafka topics with prefix '"
                + topics.prefix()
                + "' ready at "
                + bootstrapServers
                + (created.isEmpty() ? "" : " (created " + created + ")");
    }

    /**
     * Creates the missing topics among {@code topics}.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @param topics the topics to ensure
     * @param timeoutSeconds how long to wait for the broker
     * @return the names of the topics this call created
     * @throws IllegalStateException if the broker cannot be reached in time
     */
    public static Set<String> ensure(
            String bootstrapServers, List<KdTopics.TopicSpec> topics, int timeoutSeconds) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        props.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(timeoutSeconds * 1000, 30_000));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream()
                            .filter(t -> !existing.contains(t.name()))
                            .map(
                                    t ->
                                            new NewTopic(
                                                            t.name(),
                                                            Optional.of(t.partitions()),
                                                            Optional.empty())
                                                    .configs(Map.copyOf(t.config())))
                            .toList();
            var created = new java.util.TreeSet<String>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeoutSeconds, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    // Another service created it in the meantime: that is the outcome we want.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at "
                            + bootstrapServers
                            + " did not answer within "
                            + timeoutSeconds
                            + " s: is the broker running? (local run: see README, 'kafka.bootstrap.servers' / KAFKA_BOOTSTRAP_SERVERS)",
                    e);
        }
    }
}
