package io.kdstream.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The shared Kafka client settings, from hand-made maps and a hand-built SmallRye Config. Plain
 * JUnit: the class reads a MicroProfile {@code Config}, and no Quarkus start is needed for that.
 */
class KafkaClientConfigTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"kd\" password=\"s3cret-jaas\";";

    /** Every security key, set with a value that names it. */
    private static Map<String, String> secured() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", "broker-1:9093,broker-2:9093");
        config.put("kafka.security.protocol", "SASL_SSL");
        config.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        config.put("kafka.sasl.jaas.config", JAAS);
        config.put("kafka.ssl.truststore.location", "/etc/kd/truststore.p12");
        config.put("kafka.ssl.truststore.password", "s3cret-trust");
        config.put("kafka.ssl.truststore.type", "PKCS12");
        config.put("kafka.ssl.keystore.location", "/etc/kd/keystore.p12");
        config.put("kafka.ssl.keystore.password", "s3cret-keystore");
        config.put("kafka.ssl.keystore.type", "PKCS12");
        config.put("kafka.ssl.key.password", "s3cret-key");
        config.put("kafka.ssl.endpoint.identification.algorithm", "");
        return config;
    }

    private static KafkaClientConfig fromMap(Map<String, String> config) {
        return KafkaClientConfig.from(key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void copiesTheBrokerAndEverySecurityKeyWithoutThePrefix() {
        Map<String, String> config = secured();
        config.put("kafka.ssl.endpoint.identification.algorithm", "https");

        Properties props = fromMap(config).properties();

        assertThat(props)
                .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kd/truststore.p12")
                .containsEntry("ssl.truststore.password", "s3cret-trust")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.keystore.location", "/etc/kd/keystore.p12")
                .containsEntry("ssl.keystore.password", "s3cret-keystore")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.key.password", "s3cret-key")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .hasSize(1 + KafkaClientConfig.SECURITY_KEYS.size());
        assertThat(props.keySet()).noneMatch(k -> k.toString().startsWith("kafka."));
    }

    @Test
    void copiesOnlyTheKeysThatAreSet() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", "b:9092");
        config.put("kafka.security.protocol", "SSL");
        config.put("kafka.ssl.truststore.location", "/t.p12");
        config.put("kafka.sasl.mechanism", "  ");
        // not a kafka.-prefixed key, and not a security key: neither is copied
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("kafka.group.id", "someone-else");

        assertThat(fromMap(config).properties())
                .containsOnly(
                        Map.entry("bootstrap.servers", "b:9092"),
                        Map.entry("security.protocol", "SSL"),
                        Map.entry("ssl.truststore.location", "/t.p12"));
        assertThat(KafkaClientConfig.of("b:9092").properties())
                .containsOnly(Map.entry("bootstrap.servers", "b:9092"));
    }

    @Test
    void givesEachCallerItsOwnCopy() {
        KafkaClientConfig kafka = fromMap(secured());
        Properties first = kafka.properties();
        first.put("group.id", "mine");
        first.put("security.protocol", "PLAINTEXT");

        assertThat(kafka.properties())
                .doesNotContainKey("group.id")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void needsABroker() {
        assertThatThrownBy(() -> fromMap(Map.of("kafka.security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void masksEverySecretInToString() {
        Map<String, String> config = secured();
        config.put("kafka.ssl.endpoint.identification.algorithm", "https");
        String text = fromMap(config).toString();

        assertThat(text)
                .contains("broker-1:9093,broker-2:9093")
                .contains("security.protocol=SASL_SSL")
                .contains("sasl.mechanism=SCRAM-SHA-512")
                .contains("ssl.truststore.location=/etc/kd/truststore.p12")
                .contains("sasl.jaas.config=[hidden]")
                .contains("ssl.truststore.password=[hidden]")
                .contains("ssl.keystore.password=[hidden]")
                .contains("ssl.key.password=[hidden]")
                .doesNotContain("s3cret");
        assertThat(KafkaClientConfig.of("b:9092").toString()).contains("PLAINTEXT");
    }

    @Test
    void readsEnvironmentVariablesByTheirMicroProfileNames() {
        assertThat(KafkaClientConfig.environmentName("kafka.ssl.truststore.location"))
                .isEqualTo("KAFKA_SSL_TRUSTSTORE_LOCATION");
        Map<String, String> env =
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SSL",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/t.p12",
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD", "s3cret",
                        "KAFKA_BOOTSTRAP_SERVERS", "from-env:9093");

        // a tool's --bootstrap-server wins over the environment's address, the rest still applies
        KafkaClientConfig kafka =
                KafkaClientConfig.of("cli:9092", KafkaClientConfig.environment(env));

        assertThat(kafka.properties())
                .containsOnly(
                        Map.entry("bootstrap.servers", "cli:9092"),
                        Map.entry("security.protocol", "SSL"),
                        Map.entry("ssl.truststore.location", "/t.p12"),
                        Map.entry("ssl.truststore.password", "s3cret"));
        assertThat(KafkaClientConfig.from(KafkaClientConfig.environment(env)).bootstrapServers())
                .isEqualTo("from-env:9093");
        assertThat(kafka.withBootstrapServers("other:1").properties())
                .containsEntry("bootstrap.servers", "other:1")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void readsAServicesConfigurationAsItsChannelsDo() {
        // application.properties names the broker; the environment secures it, as in a container
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .withSources(
                                new PropertiesConfigSource(
                                        Map.of(
                                                "kafka.bootstrap.servers", "props:9092",
                                                "kafka.sasl.mechanism", "PLAIN"),
                                        "application.properties",
                                        250),
                                new EnvConfigSource(
                                        Map.of(
                                                "KAFKA_SECURITY_PROTOCOL",
                                                "SASL_SSL",
                                                "KAFKA_SASL_JAAS_CONFIG",
                                                JAAS),
                                        300))
                        .build();

        KafkaClientConfig kafka = KafkaClientConfig.from(config);

        assertThat(kafka.properties())
                .containsOnly(
                        Map.entry("bootstrap.servers", "props:9092"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "PLAIN"),
                        Map.entry("sasl.jaas.config", JAAS));
        assertThat(new KafkaClientConfigs().kafkaClientConfig(config)).isEqualTo(kafka);
    }

    @Test
    void handBuiltCoreClientsGetTheSecuritySettings() {
        KafkaClientConfig kafka = fromMap(secured());
        Properties reader =
                new TopicReader(kafka, "svc", Duration.ofSeconds(1)).properties("look-up", 1024);
        Properties provisioner = TopicProvisioner.adminProps(kafka, 30);
        Properties lag = ShareGroupLag.adminProps(kafka, "g", Duration.ofSeconds(1));

        for (Properties props : new Properties[] {reader, provisioner, lag}) {
            assertThat(props)
                    .containsAllEntriesOf(kafka.properties())
                    .containsEntry("sasl.jaas.config", JAAS);
        }
        // each keeps its own settings
        assertThat(reader)
                .containsEntry("client.id", "svc-look-up")
                .containsEntry("allow.auto.create.topics", "false");
        assertThat(provisioner).containsEntry("default.api.timeout.ms", 30_000);
        assertThat(lag).containsEntry("client.id", "kd-lag-g");
    }
}
