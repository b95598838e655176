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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backlog of a share group on a real local broker: unknown while the topic does not exist, all
 * records while the group has taken none, and then the records not yet finished: a record held by a
 * member still counts; an accepted one does not. Once the topic is gone again, the lag is unknown
 * again: NaN is also the value before any measurement, so only a failure after a successful
 * measurement shows that a failure clears the gauge instead of leaving the last count on it.
 */
class ShareGroupLagTest {

    private static final String TOPIC = "lag-test";
    private static final String GROUP = "lag-group";

    @Test
    void countsTheRecordsTheGroupHasNotFinished(@TempDir Path dir) throws Exception {
        try (LocalBroker broker = LocalBroker.start(dir.resolve("broker"), 0);
                ShareGroupLag lag =
                        ShareGroupLag.start(
                                KafkaClientConfig.of(broker.bootstrapServers()),
                                GROUP,
                                TOPIC,
                                Duration.ofMillis(200))) {
            // 1. no topic yet: unknown, not zero; wait until a measurement has failed for that
            await().atMost(Duration.ofSeconds(30)).until(lag::failing, is(true));
            assertThat(lag.value()).isNaN();

            // 2. the topic appears with 2 + 3 records on two partitions: all 5 are waiting
            TopicProvisioner.ensure(
                    KafkaClientConfig.of(broker.bootstrapServers()),
                    List.of(new KdTopics.TopicSpec(TOPIC, 2, Map.of())),
                    30);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i < 2 ? 0 : 1, "k", "v" + i)).get();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(lag::value, is(5.0));

            // 3. a member of the group takes records one at a time: it accepts two and holds a
            // third
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(adminProps)) {
                admin.incrementalAlterConfigs(
                                Map.of(
                                        new ConfigResource(ConfigResource.Type.GROUP, GROUP),
                                        List.of(
                                                new AlterConfigOp(
                                                        new ConfigEntry(
                                                                "share.auto.offset.reset",
                                                                "earliest"),
                                                        AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
            c.put("share.acknowledgement.mode", "explicit");
            c.put("share.acquire.mode", "record_limit");
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            try (KafkaShareConsumer<String, String> consumer =
                    new KafkaShareConsumer<>(
                            c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                int accepted = 0;
                while (accepted < 3) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                        accepted++;
                        consumer.acknowledge(
                                r, accepted <= 2 ? AcknowledgeType.ACCEPT : AcknowledgeType.RENEW);
                    }
                    consumer.commitSync();
                }
                // the held record is not finished: 5 - 2
                await().atMost(Duration.ofSeconds(30)).until(lag::value, is(3.0));
            }

            // 4. the topic is deleted: measuring fails, and the last count (3) must not stay
            try (Admin admin = Admin.create(adminProps)) {
                admin.deleteTopics(List.of(TOPIC)).all().get();
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> {
                                assertThat(lag.failing()).isTrue();
                                assertThat(lag.value()).isNaN();
                            });
        }
    }
}
