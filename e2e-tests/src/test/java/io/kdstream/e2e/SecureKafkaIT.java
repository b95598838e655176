package io.kdstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.BrokerSecurity;
import io.kdstream.broker.LocalBroker;
import io.kdstream.broker.testing.SecureClients;
import io.kdstream.broker.testing.TestCertificates;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.codec.TrainingProgressDeserializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, Kafka: the packaged services over SASL_SSL with SCRAM-SHA-512 and ACLs, on the local
 * broker's secured mode, with certificates made here (host-name verification on).
 *
 * <p>The administrator (the broker's super user) creates the topics, one SCRAM user per service and
 * the ACLs of deploy/secure/acls.conf ({@link TopicAcls}); each service gets only its own user and
 * the trust store, through the same {@code KAFKA_*} variables a container gets, and runs with
 * {@code KD_TOPICS_CREATE=false}. A tiny teacher run and the evaluator's standard experiment (two
 * student jobs of one epoch) must go through with no authorization error in any log; a client
 * without credentials, a wrong password and a service writing another's topic must be refused.
 */
class SecureKafkaIT {

    private static final String PREFIX = "kd.";
    private static final String SUPER_USER = "admin";
    private static final int TRAIN_LIMIT = 2000;
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(6);

    /** What a client of a service logs when the broker refuses it; none may appear. */
    private static final List<String> REFUSALS =
            List.of(
                    "authorizationexception",
                    "not authorized",
                    "saslauthenticationexception",
                    "authentication failed");

    @Test
    void teacherRunAndStudentJobGoThroughSaslSslAndOnlyAuthorizedClientsGetIn() throws Exception {
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty("kd.repo.root", "..")).toAbsolutePath().normalize();
        Path runDir = root.resolve("e2e-tests/target/secure-run");
        deleteRecursively(runDir);
        Files.createDirectories(runDir);

        TestCertificates certs = TestCertificates.create(runDir.resolve("certs"));
        BrokerSecurity security = certs.brokerSecurity(SUPER_USER, TestCertificates.randomSecret());
        Map<String, String> passwords = new LinkedHashMap<>();
        TopicAcls.ALL.forEach(row -> passwords.put(row.user(), TestCertificates.randomSecret()));

        List<ServiceJar> services = new ArrayList<>();
        LocalBroker broker = null;
        try {
            broker = LocalBroker.start(runDir.resolve("kafka"), 0, security);
            String bootstrap = broker.bootstrapServers();
            Map<String, String> admin = SecureClients.superUser(security);

            // the administrator's set-up, through the services' own client path
            TopicProvisioner.ensure(
                    KafkaClientConfig.of(
                            bootstrap,
                            key ->
                                    Optional.ofNullable(
                                            admin.get(
                                                    key.substring(
                                                            KafkaClientConfig.PREFIX.length())))),
                    KdTopics.all(PREFIX),
                    60);
            try (Admin client = Admin.create(properties(bootstrap, admin))) {
                SecureClients.createUsers(client, passwords);
                TopicAcls.createAll(client, PREFIX);
            }

            assertOnlyAuthorizedClientsGetIn(bootstrap, certs, passwords);

            services.add(
                    start(
                            root,
                            runDir,
                            "evaluator-service",
                            bootstrap,
                            certs,
                            passwords,
                            Map.of("kd.evaluator.standard-experiment.epochs", "1")));
            services.add(
                    start(root, runDir, "student-service", bootstrap, certs, passwords, Map.of()));
            services.add(
                    start(
                            root,
                            runDir,
                            "teacher-service",
                            bootstrap,
                            certs,
                            passwords,
                            Map.of(
                                    "kd.teacher.train-limit",
                                    String.valueOf(TRAIN_LIMIT),
                                    "kd.teacher.epochs",
                                    "1")));
            for (ServiceJar service : services) {
                service.awaitReady();
            }

            // read back as the administrator: the run completed and a student job is DONE
            try (TopicRecords topics = new TopicRecords(bootstrap, admin)) {
                await("a COMPLETE teacher run and a DONE student job on the secured broker")
                        .atMost(PIPELINE_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(2))
                        .failFast(
                                "a service died",
                                () -> services.stream().anyMatch(ServiceJar::exited))
                        .until(() -> completeRun(topics) && studentJobDone(topics));
            }
            // and the evaluator, which submitted the jobs, compared the trained students
            ServiceJar evaluator = services.get(0);
            await("the evaluator's complete comparison")
                    .atMost(PIPELINE_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(
                            () -> {
                                String body = evaluator.get("/api/comparisons");
                                return body != null && body.contains("\"complete\":true");
                            });

            for (ServiceJar service : services) {
                String log = service.logText().toLowerCase(Locale.ROOT);
                assertThat(REFUSALS)
                        .as("refusals in %s's log", service.name())
                        .noneMatch(log::contains);
                assertThat(log)
                        .as("%s's Kafka clients use SASL_SSL", service.name())
                        .contains("security.protocol=sasl_ssl");
            }
        } finally {
            // the services first, so that none logs a lost broker while it stops
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            if (broker != null) {
                broker.close();
            }
            System.out.printf(
                    "SecureKafkaIT took %d s; broker and service logs in %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), runDir);
        }
    }

    /**
     * No credentials (TLS only, or PLAINTEXT), a wrong password, and each service writing a topic
     * it does not own, creating a topic or granting itself ACLs: each refused, with the exception
     * that says why.
     */
    private static void assertOnlyAuthorizedClientsGetIn(
            String bootstrap, TestCertificates certs, Map<String, String> passwords) {
        Map<String, String> tlsOnly = SecureClients.tls(certs.truststore(), certs.password());
        assertThat(adminFailure(bootstrap, tlsOnly))
                .as("a client with TLS and no SASL")
                .isInstanceOf(TimeoutException.class);
        assertThat(adminFailure(bootstrap, Map.of("security.protocol", "PLAINTEXT")))
                .as("a PLAINTEXT client")
                .isInstanceOf(TimeoutException.class);
        String student = TopicAcls.STUDENT.user();
        assertThat(
                        adminFailure(
                                bootstrap,
                                SecureClients.scram(
                                        certs.truststore(),
                                        certs.password(),
                                        student,
                                        "not-" + passwords.get(student))))
                .as("a wrong password")
                .isInstanceOf(SaslAuthenticationException.class);

        // every service, every topic it does not own: the student forging a teacher run manifest
        // (kd.teacher-runs) is one of these
        for (TopicAcls row : TopicAcls.ALL) {
            Map<String, String> client =
                    SecureClients.scram(
                            certs.truststore(),
                            certs.password(),
                            row.user(),
                            passwords.get(row.user()));
            List<String> foreign =
                    KdTopics.all(PREFIX).stream()
                            .map(KdTopics.TopicSpec::name)
                            .filter(t -> !row.writes().contains(t.substring(PREFIX.length())))
                            .toList();
            assertThat(foreign).isNotEmpty();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap, client)) {
                for (String topic : foreign) {
                    assertThat(
                                    failure(
                                            () ->
                                                    producer.send(
                                                                    new ProducerRecord<>(
                                                                            topic,
                                                                            "forged",
                                                                            new byte[] {1}))
                                                            .get(30, TimeUnit.SECONDS)))
                            .as("%s writing %s", row.user(), topic)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
            try (Admin a = Admin.create(properties(bootstrap, client))) {
                assertThat(
                                failure(
                                        () ->
                                                a.createTopics(
                                                                List.of(
                                                                        new NewTopic(
                                                                                PREFIX + "forged",
                                                                                1,
                                                                                (short) 1)))
                                                        .all()
                                                        .get(30, TimeUnit.SECONDS)))
                        .as("%s creating a topic", row.user())
                        .isInstanceOf(TopicAuthorizationException.class);
                List<AclBinding> everything = allOperations(row.principal());
                assertThat(failure(() -> a.createAcls(everything).all().get(30, TimeUnit.SECONDS)))
                        .as("%s granting itself more", row.user())
                        .isInstanceOf(ClusterAuthorizationException.class);
            }
        }
    }

    /** All operations on every resource of the matrix, for one principal. */
    private static List<AclBinding> allOperations(String principal) {
        return TopicAcls.ALL.stream()
                .flatMap(row -> row.bindings(PREFIX).stream())
                .map(
                        b ->
                                new AclBinding(
                                        b.pattern(),
                                        new AccessControlEntry(
                                                principal,
                                                "*",
                                                AclOperation.ALL,
                                                AclPermissionType.ALLOW)))
                .distinct()
                .toList();
    }

    /** A producer that gives up within seconds, so that a refused send fails fast. */
    private static KafkaProducer<String, byte[]> producer(
            String bootstrap, Map<String, String> security) {
        Properties p = properties(bootstrap, security);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ServiceJar start(
            Path root,
            Path runDir,
            String module,
            String bootstrap,
            TestCertificates certs,
            Map<String, String> passwords,
            Map<String, String> properties) {
        // the user of each service is its module name (TopicAcls)
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        SecureClients.scram(certs.truststore(), certs.password(), module, passwords.get(module))
                .forEach(
                        (key, value) ->
                                env.put(
                                        KafkaClientConfig.environmentName(
                                                KafkaClientConfig.PREFIX + key),
                                        value));
        env.put("KD_TOPICS_CREATE", "false");
        // as a secured deployment runs: manifests and checkpoints only from the expected producer
        env.put("KD_SECURITY_REQUIRE_PRODUCER_IDENTITY", "true");
        // the teacher and the evaluator refuse to start without an API password
        env.put("KD_API_PASSWORD", "test-only-password");
        return ServiceJar.start(root, module, runDir, env, properties);
    }

    private static boolean completeRun(TopicRecords topics) {
        try (TeacherRunDeserializer d = new TeacherRunDeserializer()) {
            String topic = PREFIX + KdTopics.TEACHER_RUNS;
            return topics.readAll(topic).stream()
                    .map(r -> d.deserialize(topic, r.value()))
                    .anyMatch(run -> run.getStatus() == RunStatus.COMPLETE);
        }
    }

    private static boolean studentJobDone(TopicRecords topics) {
        try (TrainingProgressDeserializer d = new TrainingProgressDeserializer()) {
            String topic = PREFIX + KdTopics.JOB_STATES;
            return topics.readAll(topic).stream()
                    .map(r -> d.deserialize(topic, r.value()))
                    .anyMatch(
                            s ->
                                    s.getKind() == WorkKind.STUDENT_JOB
                                            && s.getState() == WorkState.DONE);
        }
    }

    /** The cause of an admin call's failure with short timeouts, or null if it succeeded. */
    private static Throwable adminFailure(String bootstrap, Map<String, String> security) {
        return failure(
                () -> {
                    Properties p = properties(bootstrap, security);
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000");
                    try (Admin a = Admin.create(p)) {
                        return a.listTopics().names().get(30, TimeUnit.SECONDS);
                    }
                });
    }

    private static Throwable failure(Callable<?> call) {
        try {
            call.call();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static Properties properties(String bootstrap, Map<String, String> security) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putAll(security);
        return p;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
