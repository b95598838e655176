package io.kdstream.broker.testing;

import io.kdstream.broker.BrokerSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Client settings and SCRAM users for a broker in secured mode ({@link BrokerSecurity}): what a
 * kd-stream service gets through its {@code KAFKA_*} environment, for the tests' own clients.
 */
public final class SecureClients {

    /** SCRAM's iteration count; 4096 is Kafka's minimum for SCRAM-SHA-512. */
    private static final int ITERATIONS = 4096;

    private SecureClients() {}

    /**
     * The Kafka client keys of a SCRAM user over SASL_SSL, trusting the test CA; host-name
     * verification stays at Kafka's default ({@code https}).
     *
     * @param truststore the PKCS12 trust store with the CA
     * @param truststorePassword its password
     * @param user the SCRAM user
     * @param password its password
     * @return {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and
     *     {@code ssl.truststore.*}
     */
    public static Map<String, String> scram(
            Path truststore, String truststorePassword, String user, String password) {
        Map<String, String> config = new LinkedHashMap<>(tls(truststore, truststorePassword));
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
        config.put("sasl.jaas.config", BrokerSecurity.scramJaasConfig(user, password));
        return config;
    }

    /**
     * The keys of the broker's super user.
     *
     * @param security the broker's settings
     * @return as {@link #scram}
     */
    public static Map<String, String> superUser(BrokerSecurity security) {
        return scram(
                security.truststore(),
                security.truststorePassword(),
                security.superUser(),
                security.superUserPassword());
    }

    /**
     * TLS only, no SASL: a client the SASL_SSL listener must refuse.
     *
     * @param truststore the PKCS12 trust store with the CA
     * @param truststorePassword its password
     * @return {@code security.protocol=SSL} and {@code ssl.truststore.*}
     */
    public static Map<String, String> tls(Path truststore, String truststorePassword) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("security.protocol", "SSL");
        config.put("ssl.truststore.location", truststore.toString());
        config.put("ssl.truststore.password", truststorePassword);
        config.put("ssl.truststore.type", "PKCS12");
        return config;
    }

    /**
     * Creates or replaces SCRAM-SHA-512 users, as {@code kafka-configs.sh --alter --add-config
     * SCRAM-SHA-512=[password=...]} does.
     *
     * @param admin a client of the super user
     * @param passwords the password of each user
     * @throws IllegalStateException with the broker's reason if it refuses
     */
    public static void createUsers(Admin admin, Map<String, String> passwords) {
        ScramCredentialInfo info =
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
        List<UserScramCredentialAlteration> upserts =
                passwords.entrySet().stream()
                        .<UserScramCredentialAlteration>map(
                                e ->
                                        new UserScramCredentialUpsertion(
                                                e.getKey(), info, e.getValue()))
                        .toList();
        try {
            admin.alterUserScramCredentials(upserts)
                    .all()
                    .get(TopicRecords.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot create SCRAM users " + passwords.keySet() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
