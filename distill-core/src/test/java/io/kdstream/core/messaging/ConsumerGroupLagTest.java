package io.kdstream.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.kdstream.broker.LocalBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lag of a consumer group on a real local broker: unknown while the topic does not exist, all
 * records while the group has committed nothing, then end offsets minus committed offsets.
 */
class ConsumerGroupLagTest {

    private static final String TOPIC = "lag-test";
    private static final String GROUP = "lag-group";

    @Test
    void followsTheGroupsCommittedOffsets(@TempDir Path dir) throws Exception {
        try (LocalBroker broker = LocalBroker.start(dir.resolve("broker"), 0);
                ConsumerGroupLag lag = ConsumerGroupLag.start(
                        broker.bootstrapServers(), GROUP, TOPIC, Duration.ofMillis(200))) {
            // 1. no topic yet: unknown, not zero
            Thread.sleep(600);
            assertThat(lag.value()).isNaN();

            // 2. the topic appears with 2 + 3 records on two partitions: all 5 are lag
            TopicProvisioner.ensure(broker.bootstrapServers(),
                    List.of(new KdTopics.TopicSpec(TOPIC, 2, Map.of())), 30);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i < 2 ? 0 : 1, "k", "v" + i)).get();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(lag::value, is(5.0));

            // 3. the group commits partition 0 to its end and one record of partition 1
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(adminProps)) {
                admin.alterConsumerGroupOffsets(GROUP, Map.of(
                        new TopicPartition(TOPIC, 0), new OffsetAndMetadata(2),
                        new TopicPartition(TOPIC, 1), new OffsetAndMetadata(1))).all().get();
            }
            await().atMost(Duration.ofSeconds(30)).until(lag::value, is(2.0));
        }
    }
}
