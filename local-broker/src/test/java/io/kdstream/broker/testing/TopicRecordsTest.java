package io.kdstream.broker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The services' tests rely on these reads returning exactly what was sent, in offset order, and on
 * a range read stopping at its end even when the partition goes on.
 *
 * <p>Plain JUnit on the JVM's shared test broker, as the services' tests use it.
 */
class TopicRecordsTest {

    private static final String TOPIC = "topic-records-test";

    @Test
    void readsBackWhatWasSentWholeOrByRange() throws Exception {
        String broker = LocalKafkaTestResource.sharedBootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (TopicRecords kafka = new TopicRecords(broker)) {
            for (int i = 0; i < 4; i++) {
                RecordMetadata at = kafka.send(TOPIC, 0, "k" + i, bytes("v" + i));
                assertThat(at.offset()).isEqualTo(i);
            }
            kafka.send(TOPIC, 1, "other", "typed", new StringSerializer());

            assertThat(kafka.readAll(TOPIC))
                    .extracting(ConsumerRecord::partition, ConsumerRecord::key)
                    .containsExactlyInAnyOrder(
                            tuple(0, "k0"),
                            tuple(0, "k1"),
                            tuple(0, "k2"),
                            tuple(0, "k3"),
                            tuple(1, "other"));
            List<ConsumerRecord<String, byte[]>> range = kafka.readRange(TOPIC, 0, 1, 3);
            assertThat(range).extracting(ConsumerRecord::offset).containsExactly(1L, 2L);
            assertThat(range)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("v1", "v2");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
