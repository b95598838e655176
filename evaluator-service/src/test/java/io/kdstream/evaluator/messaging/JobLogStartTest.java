package io.kdstream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.messaging.KafkaClientConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's hand-built admin client (the student-jobs offsets at start) takes the service's
 * TLS and SASL settings. Plain JUnit: only the properties it would be built with are checked.
 */
class JobLogStartTest {

    @Test
    void adminClientHasTheSecuritySettings() {
        KafkaClientConfig kafka =
                KafkaClientConfig.from(
                        key ->
                                Optional.ofNullable(
                                        Map.of(
                                                        "kafka.bootstrap.servers", "b:9093",
                                                        "kafka.security.protocol", "SSL",
                                                        "kafka.ssl.keystore.location", "/k.p12",
                                                        "kafka.ssl.keystore.password", "pw")
                                                .get(key)));

        assertThat(JobLogStart.adminProps(kafka))
                .containsEntry("bootstrap.servers", "b:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", "/k.p12")
                .containsEntry("ssl.keystore.password", "pw")
                .containsEntry("default.api.timeout.ms", 60_000);
    }
}
