package io.kdstream.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tool's consumer settings; plain JUnit, no broker: nothing is consumed. */
class TopicDumpTest {

    @Test
    void consumerTakesTheSecuritySettingsOfTheEnvironment() {
        TopicDump.Options options =
                TopicDump.Options.parse(new String[] {"--bootstrap-server", "b:9093", "--all"});
        Map<String, String> env =
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "PLAIN",
                        "KAFKA_SASL_JAAS_CONFIG", "jaas",
                        "KAFKA_BOOTSTRAP_SERVERS", "ignored:1");

        assertThat(TopicDump.consumerProperties(options, env))
                .containsEntry("bootstrap.servers", "b:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "jaas")
                .containsEntry("client.id", "kd-topic-dump")
                .containsEntry("enable.auto.commit", "false");
        assertThat(TopicDump.consumerProperties(options, Map.of()))
                .doesNotContainKeys("security.protocol", "sasl.jaas.config");
    }
}
