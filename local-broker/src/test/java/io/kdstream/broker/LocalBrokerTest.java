package io.kdstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kdstream.broker.testing.SecureClients;
import io.kdstream.broker.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a real broker through {@link LocalBroker} and talks to it over real connections.
 *
 * <p>Plain JUnit: there is no Quarkus application in this module.
 */
class LocalBrokerTest {

    private static final String TOPIC = "local-broker-test";

    @TempDir Path dataDir;

    @Test
    void servesTopicsAndStopsOnClose() throws Exception {
        LocalBroker broker = LocalBroker.start(dataDir, 0);
        long pid = broker.pid();
        try {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            System.out.printf(
                    "local broker ready in %d ms, RSS %s after start (pid %d)%n",
                    broker.startupTime().toMillis(), rss(pid), pid);

            // A topic with three partitions, created the way a service's setup would.
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                TopicDescription topic =
                        admin.describeTopics(Set.of(TOPIC))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get(TOPIC);
                assertThat(topic.partitions()).hasSize(3);
            }

            // Keyed records, one to each partition chosen explicitly, plus one the partitioner
            // places.
            List<ProducerRecord<String, String>> sent =
                    List.of(
                            new ProducerRecord<>(TOPIC, 0, "run-a", "epoch-1"),
                            new ProducerRecord<>(TOPIC, 1, "run-b", "epoch-2"),
                            new ProducerRecord<>(TOPIC, 2, "run-c", "epoch-3"),
                            new ProducerRecord<>(TOPIC, "run-a", "epoch-4"));
            List<RecordMetadata> written = new ArrayList<>();
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            producerConfig(broker),
                            new StringSerializer(),
                            new StringSerializer())) {
                for (ProducerRecord<String, String> record : sent) {
                    written.add(producer.send(record).get(30, TimeUnit.SECONDS));
                }
            }
            assertThat(written)
                    .extracting(RecordMetadata::partition)
                    .startsWith(0, 1, 2)
                    .allSatisfy(partition -> assertThat(partition).isBetween(0, 2));

            // Read everything back through a consumer group, as the services do.
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(
                            consumerConfig(broker),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.size() < sent.size() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                }
            }
            assertThat(received)
                    .extracting(
                            ConsumerRecord::key, ConsumerRecord::value, ConsumerRecord::partition)
                    .containsExactlyInAnyOrder(
                            tuple("run-a", "epoch-1", 0),
                            tuple("run-b", "epoch-2", 1),
                            tuple("run-c", "epoch-3", 2),
                            tuple("run-a", "epoch-4", written.get(3).partition()));
            System.out.printf("RSS of the broker after producing and consuming: %s%n", rss(pid));
        } finally {
            broker.close();
        }

        // close() returns only once the process is gone.
        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));
        assertThat(Files.readString(broker.logFile()))
                .contains(LocalBroker.READY_MARKER + broker.bootstrapServers());
    }

    /**
     * Secured mode: SCRAM over TLS with the CA made here, host-name verification on, and nothing
     * allowed without an ACL. The super user creates a user and grants it one topic.
     */
    @Test
    void securedModeAuthenticatesEveryClientAndAuthorizesByAcl() throws Exception {
        TestCertificates certs = TestCertificates.create(dataDir.resolve("certs"));
        BrokerSecurity security = certs.brokerSecurity("admin", TestCertificates.randomSecret());
        LocalBroker broker = LocalBroker.start(dataDir.resolve("kafka"), 0, security);
        try {
            System.out.printf(
                    "secured local broker ready in %d ms%n", broker.startupTime().toMillis());
            String alicePassword = TestCertificates.randomSecret();
            try (Admin admin =
                    Admin.create(clientConfig(broker, SecureClients.superUser(security)))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                SecureClients.createUsers(admin, Map.of("alice", alicePassword));
            }
            Map<String, String> alice =
                    SecureClients.scram(
                            certs.truststore(), certs.password(), "alice", alicePassword);

            // authenticated, but no ACL yet: allow.everyone.if.no.acl.found=false
            assertThat(sendOne(broker, alice)).isInstanceOf(TopicAuthorizationException.class);

            try (Admin admin =
                    Admin.create(clientConfig(broker, SecureClients.superUser(security)))) {
                admin.createAcls(
                                List.of(
                                        new AclBinding(
                                                new ResourcePattern(
                                                        ResourceType.TOPIC,
                                                        TOPIC,
                                                        PatternType.LITERAL),
                                                new AccessControlEntry(
                                                        "User:alice",
                                                        "*",
                                                        AclOperation.WRITE,
                                                        AclPermissionType.ALLOW))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            assertThat(sendOne(broker, alice)).isNull();

            Map<String, String> wrongPassword =
                    SecureClients.scram(
                            certs.truststore(), certs.password(), "alice", "not-her-password");
            assertThat(sendOne(broker, wrongPassword))
                    .isInstanceOf(SaslAuthenticationException.class);

            // TLS without SASL: the listener never lets the client past the handshake
            assertThat(sendOne(broker, SecureClients.tls(certs.truststore(), certs.password())))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        } finally {
            broker.close();
        }
        assertThat(Files.readString(broker.logFile()))
                .contains(LocalBroker.READY_MARKER + broker.bootstrapServers());
        // the settings file holds passwords: owner-only
        assertThat(
                        Files.getPosixFilePermissions(
                                dataDir.resolve("kafka").resolve(LocalBroker.SECURITY_FILE_NAME)))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** Sends one record; null when the broker took it, else the cause of the failure. */
    private static Throwable sendOne(LocalBroker broker, Map<String, String> security) {
        Properties config = clientConfig(broker, security);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static Properties clientConfig(LocalBroker broker, Map<String, String> security) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.putAll(security);
        return config;
    }

    private static Properties producerConfig(LocalBroker broker) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return config;
    }

    private static Properties consumerConfig(LocalBroker broker) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-broker-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** VmRSS of a Linux process, e.g. "312 MiB", or "n/a" elsewhere. */
    static String rss(long pid) {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kib / 1024) + " MiB";
                }
            }
        } catch (Exception e) {
            // Not Linux, or the process is gone.
        }
        return "n/a";
    }
}
