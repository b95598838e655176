package io.kdstream.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.broker.LocalBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics on a real local broker: missing ones are created as specified, and an existing topic that
 * differs from its spec is reported with the command that fixes it, but left as it is.
 */
class TopicProvisionerTest {

    @Test
    void reportsExistingTopicsThatDifferFromTheirSpec(@TempDir Path dir) {
        try (LocalBroker broker = LocalBroker.start(dir.resolve("broker"), 0)) {
            String servers = broker.bootstrapServers();
            KafkaClientConfig kafka = KafkaClientConfig.of(servers);
            // made by hand with the broker's defaults: one partition, delete, a week
            TopicProvisioner.ensure(
                    kafka, List.of(new KdTopics.TopicSpec("by-hand", 1, Map.of())), 30);
            KdTopics.TopicSpec wanted =
                    new KdTopics.TopicSpec(
                            "by-hand",
                            3,
                            Map.of("cleanup.policy", "compact", "retention.ms", "-1"));
            KdTopics.TopicSpec fresh =
                    new KdTopics.TopicSpec("fresh", 2, Map.of("cleanup.policy", "compact"));

            // the existing topic is not changed; the missing one is created as specified
            assertThat(TopicProvisioner.ensure(kafka, List.of(wanted, fresh), 30))
                    .containsExactly("fresh");
            List<String> drift = TopicProvisioner.drift(kafka, List.of(wanted, fresh), 30);

            assertThat(drift).hasSize(3);
            assertThat(drift.get(0))
                    .startsWith("topic by-hand has 1 partition(s), kd-stream wants 3")
                    .contains("kafka-topics.sh --bootstrap-server " + servers)
                    .contains("--partitions 3");
            assertThat(drift.get(1))
                    .startsWith("topic by-hand has cleanup.policy=delete, kd-stream wants compact")
                    .contains("--add-config cleanup.policy=compact");
            assertThat(drift.get(2))
                    .startsWith("topic by-hand has retention.ms=604800000, kd-stream wants -1");
            // a topic as specified, and one that does not exist, give nothing
            assertThat(
                            TopicProvisioner.drift(
                                    kafka,
                                    List.of(fresh, new KdTopics.TopicSpec("absent", 1, Map.of())),
                                    30))
                    .isEmpty();
        }
    }
}
