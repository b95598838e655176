package io.kdstream.student.messaging;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The student workers' share group: its settings on the broker, and a consumer of it.
 *
 * <p>Share groups need Kafka 4.2 or later with the {@code share.version} feature on; a 4.4 cluster
 * formatted with its defaults has it (compose's {@code apache/kafka:4.4.0}, the local broker).
 */
final class ShareGroups {

    private static final int TIMEOUT_SECONDS = 30;

    private ShareGroups() {}

    /**
     * Sets the group's configuration on the broker: start from the earliest job (jobs submitted
     * before any worker started are not lost; a share group starts at the latest record by
     * default), the acquisition lock, and the delivery limit. Idempotent: every worker sets the
     * same values at start.
     *
     * @throws IllegalStateException naming the broker's reason, e.g. a lock outside the broker's
     *     bounds or a cluster without share groups
     */
    static void configure(
            KafkaClientConfig kafka, String group, Duration lockTimeout, int deliveryLimit) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops =
                List.of(
                        set("share.auto.offset.reset", "earliest"),
                        set(
                                "share.record.lock.duration.ms",
                                String.valueOf(lockTimeout.toMillis())),
                        set("share.delivery.count.limit", String.valueOf(deliveryLimit)));
        try (Admin admin = Admin.create(adminProperties(kafka))) {
            admin.incrementalAlterConfigs(Map.of(resource, ops))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot configure share group "
                            + group
                            + " (kd.student.lock-timeout-seconds="
                            + lockTimeout.toSeconds()
                            + ", kd.student.delivery-limit="
                            + deliveryLimit
                            + "): "
                            + e.getCause().getMessage()
                            + ". Share groups need Kafka 4.2+ with the share.version feature"
                            + " enabled (kafka-features.sh upgrade --feature share.version=1);"
                            + " the lock must lie within the broker's"
                            + " group.share.min/max.record.lock.duration.ms (15 to 60 s by"
                            + " default) and the limit within"
                            + " group.share.min/max.delivery.count.limit (2 to 10).",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at "
                            + kafka.bootstrapServers()
                            + " did not answer within "
                            + TIMEOUT_SECONDS
                            + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while configuring share group " + group, e);
        }
        Log.infof(
                "Share group %s: earliest, lock %s, at most %d deliveries per job",
                group, lockTimeout, deliveryLimit);
    }

    /** The setup admin client's settings: the shared ones, and its name. */
    static Properties adminProperties(KafkaClientConfig kafka) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kd-share-group-setup");
        return props;
    }

    /**
     * A consumer that takes one record at a time and acknowledges explicitly.
     *
     * @param clientId names the worker in the broker's view of the group
     */
    static KafkaShareConsumer<String, byte[]> consumer(
            KafkaClientConfig kafka, String group, String clientId) {
        return new KafkaShareConsumer<>(consumerProperties(kafka, group, clientId));
    }

    /** The share consumer's settings: the shared ones, and the group's. */
    static Properties consumerProperties(KafkaClientConfig kafka, String group, String clientId) {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "student-jobs-" + clientId.replace('/', '-'));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        // explicit: a job's record is accepted, released or renewed by us, never implicitly
        props.put("share.acknowledgement.mode", "explicit");
        // one record per fetch: the default batch mode may hand out more than max.poll.records
        props.put("share.acquire.mode", "record_limit");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return props;
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
