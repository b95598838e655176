package io.kdstream.core.messaging;

import io.kdstream.core.config.TopicsConfig;
import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
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
     * What start-up found: a line for the log, and every way an existing topic differs from what
     * kd-stream needs (each with the command that fixes it).
     *
     * @param summary what was created, for the log
     * @param drift one line per differing setting; empty when every topic is as specified
     */
    public record Report(String summary, List<String> drift) {}

    /**
     * The start-up step of every service: creates whichever kd-stream topics are missing, unless
     * {@code kd.topics.create=false}, and compares the existing ones with {@link KdTopics}: a topic
     * someone made by hand with the broker's defaults keeps checkpoints for a week only, or has
     * fewer partitions. It does not change an existing topic: that is an operator's decision. Each
     * service calls it from a start-up observer that runs before SmallRye Reactive Messaging
     * connects, so that no consumer or producer makes the broker auto-create a topic with its
     * default partition count.
     *
     * @param kafka the service's Kafka client settings
     * @param topics the service's {@code kd.topics.*} settings
     * @return what happened and what differs
     * @throws IllegalStateException if the broker cannot be reached in time
     */
    public static Report provisionAll(KafkaClientConfig kafka, TopicsConfig topics) {
        if (!topics.create()) {
            return new Report(
                    "kd.topics.create=false: topics are neither created nor checked", List.of());
        }
        List<KdTopics.TopicSpec> specs = KdTopics.all(topics.prefix());
        int timeout = STARTUP_TIMEOUT_SECONDS;
        String bootstrapServers = kafka.bootstrapServers();
        return withAdmin(
                kafka,
                timeout,
                admin -> {
                    Set<String> created = ensure(admin, specs, timeout);
                    return new Report(
                            "Kafka topics with prefix '"
                                    + topics.prefix()
                                    + "' ready at "
                                    + bootstrapServers
                                    + (created.isEmpty() ? "" : " (created " + created + ")"),
                            drift(admin, bootstrapServers, specs, timeout));
                });
    }

    /**
     * Compares existing topics with their specs: fewer partitions, or a setting of the spec with
     * another value. More partitions than the spec, and settings the spec does not name, are fine.
     *
     * @param kafka the Kafka client settings
     * @param topics the specs; topics that do not exist are skipped
     * @param timeoutSeconds how long to wait for the broker
     * @return one line per difference, naming the topic, the setting, both values and the fix
     * @throws IllegalStateException if the broker cannot be reached in time
     */
    public static List<String> drift(
            KafkaClientConfig kafka, List<KdTopics.TopicSpec> topics, int timeoutSeconds) {
        return withAdmin(
                kafka,
                timeoutSeconds,
                admin -> drift(admin, kafka.bootstrapServers(), topics, timeoutSeconds));
    }

    private static List<String> drift(
            Admin admin,
            String bootstrapServers,
            List<KdTopics.TopicSpec> topics,
            int timeoutSeconds)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
        List<KdTopics.TopicSpec> present =
                topics.stream().filter(t -> existing.contains(t.name())).toList();
        List<String> names = present.stream().map(KdTopics.TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(timeoutSeconds, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(
                                names.stream()
                                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                        .toList())
                        .all()
                        .get(timeoutSeconds, TimeUnit.SECONDS);
        List<String> drift = new ArrayList<>();
        for (KdTopics.TopicSpec spec : present) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < spec.partitions()) {
                drift.add(
                        String.format(
                                "topic %s has %d partition(s), kd-stream wants %d; fix:"
                                        + " kafka-topics.sh --bootstrap-server %s --alter"
                                        + " --topic %s --partitions %d",
                                spec.name(),
                                partitions,
                                spec.partitions(),
                                bootstrapServers,
                                spec.name(),
                                spec.partitions()));
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.config().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(
                            want -> {
                                ConfigEntry have = config.get(want.getKey());
                                String value = have == null ? null : have.value();
                                if (!want.getValue().equals(value)) {
                                    drift.add(
                                            String.format(
                                                    "topic %s has %s=%s, kd-stream wants %s;"
                                                            + " fix: kafka-configs.sh"
                                                            + " --bootstrap-server %s --alter"
                                                            + " --entity-type topics"
                                                            + " --entity-name %s --add-config"
                                                            + " %s=%s",
                                                    spec.name(),
                                                    want.getKey(),
                                                    value,
                                                    want.getValue(),
                                                    bootstrapServers,
                                                    spec.name(),
                                                    want.getKey(),
                                                    want.getValue()));
                                }
                            });
        }
        return drift;
    }

    /** Work with an admin client; the checked exceptions of its futures pass through. */
    @FunctionalInterface
    private interface AdminWork<T> {
        T run(Admin admin) throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Runs admin work on one client, and turns the broker's silence into a clear error. */
    private static <T> T withAdmin(KafkaClientConfig kafka, int timeoutSeconds, AdminWork<T> work) {
        try (Admin admin = Admin.create(adminProps(kafka, timeoutSeconds))) {
            return work.run(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(kafka.bootstrapServers(), timeoutSeconds, e);
        }
    }

    /** The admin client's settings: the shared ones, and timeouts. Package-private for tests. */
    static Properties adminProps(KafkaClientConfig kafka, int timeoutSeconds) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        props.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(timeoutSeconds * 1000, 30_000));
        return props;
    }

    private static IllegalStateException unreachable(
            String bootstrapServers, int timeoutSeconds, Exception e) {
        return new IllegalStateException(
                "Kafka at "
                        + bootstrapServers
                        + " did not answer within "
                        + timeoutSeconds
                        + " s: is the broker running? (local run: see README,"
                        + " 'kafka.bootstrap.servers' / KAFKA_BOOTSTRAP_SERVERS)",
                e);
    }

    /**
     * Creates the missing topics among {@code topics}.
     *
     * @param kafka the Kafka client settings
     * @param topics the topics to ensure
     * @param timeoutSeconds how long to wait for the broker
     * @return the names of the topics this call created
     * @throws IllegalStateException if the broker cannot be reached in time
     */
    public static Set<String> ensure(
            KafkaClientConfig kafka, List<KdTopics.TopicSpec> topics, int timeoutSeconds) {
        return withAdmin(kafka, timeoutSeconds, admin -> ensure(admin, topics, timeoutSeconds));
    }

    private static Set<String> ensure(
            Admin admin, List<KdTopics.TopicSpec> topics, int timeoutSeconds)
            throws InterruptedException, ExecutionException, TimeoutException {
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
    }
}
