package io.kdstream.student.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.messaging.KafkaClientConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The worker's hand-built share consumer and admin client take the service's TLS and SASL settings.
 * Plain JUnit: only the properties the clients would be built with are checked, no client connects.
 */
class ShareGroupsTest {

    private static final KafkaClientConfig KAFKA =
            KafkaClientConfig.from(
                    key ->
                            Optional.ofNullable(
                                    Map.of(
                                                    "kafka.bootstrap.servers", "b:9093",
                                                    "kafka.security.protocol", "SASL_SSL",
                                                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                                                    "kafka.sasl.jaas.config", "jaas",
                                                    "kafka.ssl.truststore.location", "/t.p12")
                                            .get(key)));

    @Test
    void shareConsumerHasTheSecuritySettingsAndItsOwn() {
        assertThat(ShareGroups.consumerProperties(KAFKA, "student-service", "host/1"))
                .containsAllEntriesOf(KAFKA.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "jaas")
                .containsEntry("group.id", "student-service")
                .containsEntry("client.id", "student-jobs-host-1")
                .containsEntry("share.acknowledgement.mode", "explicit");
    }

    @Test
    void setupAdminHasTheSecuritySettings() {
        assertThat(ShareGroups.adminProperties(KAFKA))
                .containsAllEntriesOf(KAFKA.properties())
                .containsEntry("ssl.truststore.location", "/t.p12")
                .containsEntry("client.id", "kd-share-group-setup");
    }
}
