package io.kdstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server.properties BrokerMain writes in each mode; no broker is started. */
class BrokerMainTest {

    @TempDir Path dir;

    @Test
    void defaultModeIsPlaintextWithoutAuthorizer() throws Exception {
        Properties p = load(BrokerMain.writeServerProperties(dir, dir.resolve("logs"), 9092, 9093));
        assertThat(p.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.getProperty("listener.security.protocol.map"))
                .isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(p.stringPropertyNames())
                .noneMatch(
                        k ->
                                k.startsWith("ssl.")
                                        || k.contains("sasl")
                                        || k.equals("authorizer.class.name"));
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("true");
    }

    @Test
    void securedModeIsScramOverTlsWithAclsAndAPlainControllerOnLoopback() throws Exception {
        Path store = Files.createFile(dir.resolve("store.p12"));
        BrokerSecurity security =
                new BrokerSecurity(store, "store-pw", store, "store-pw", "admin", "admin-pw");
        Properties p =
                load(
                        BrokerMain.writeServerProperties(
                                dir, dir.resolve("logs"), 9092, 9093, security));
        assertThat(p.getProperty("listeners"))
                .isEqualTo("SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("SASL_SSL://127.0.0.1:9092");
        assertThat(p.getProperty("listener.security.protocol.map"))
                .isEqualTo("SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.mechanism.inter.broker.protocol"))
                .isEqualTo("SCRAM-SHA-512");
        assertThat(p.getProperty("listener.name.sasl_ssl.sasl.enabled.mechanisms"))
                .isEqualTo("SCRAM-SHA-512");
        assertThat(p.getProperty("sasl.mechanism.controller.protocol")).isEqualTo("PLAIN");
        assertThat(p.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(p.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(p.getProperty("super.users")).isEqualTo("User:admin");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("false");
    }

    @Test
    void securityValuesThatWouldBreakAJaasLineAreRejectedByName() throws Exception {
        Path store = Files.createFile(dir.resolve("store.p12"));
        assertThatThrownBy(
                        () -> new BrokerSecurity(store, "pw", store, "pw", "admin", "has\"quote"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("super.user.password");
        assertThatThrownBy(
                        () ->
                                new BrokerSecurity(
                                        dir.resolve("missing.p12"), "pw", store, "pw", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keystore")
                .hasMessageContaining("missing.p12");
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
