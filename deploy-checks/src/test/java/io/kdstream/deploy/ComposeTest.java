package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.deploy.support.AccessMatrix;
import io.kdstream.deploy.support.Compose;
import io.kdstream.deploy.support.Repo;
import io.kdstream.deploy.support.ServiceConfig;
import io.kdstream.deploy.support.Tools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml and its GPU override: valid for docker-compose, and wired the way the issue
 * asks.
 *
 * <p>Plain JUnit, no container engine: {@code docker-compose config -q} (Debian's docker-compose
 * 1.29, installed by .ci/run) validates the files against the compose schema offline; the rest
 * reads the YAML.
 */
class ComposeTest {

    private static final Path ROOT = Repo.root();
    private static final Compose COMPOSE = Compose.read("docker-compose.yml");
    private static final Compose GPU = Compose.read("docker-compose.gpu.yml");

    /** The secured override (SASL_SSL, SCRAM, ACLs). */
    static final String SECURE = "docker-compose.secure.yml";

    /** Test values for the passwords the secured override requires ({@code ${VAR:?}}). */
    static final Map<String, String> PASSWORDS =
            Map.of(
                    "KD_KAFKA_ADMIN_PASSWORD", "test-admin-secret",
                    "KD_KAFKA_TEACHER_PASSWORD", "test-teacher-secret",
                    "KD_KAFKA_STUDENT_PASSWORD", "test-student-secret",
                    "KD_KAFKA_EVALUATOR_PASSWORD", "test-evaluator-secret",
                    "KD_KAFKA_SSL_PASSWORD", "test-ssl-secret",
                    // the base file's API password (${KD_API_PASSWORD:?...})
                    "KD_API_PASSWORD", "deploy-checks");

    static List<String> services() {
        return Repo.services();
    }

    static List<List<String>> fileSets() {
        return List.of(
                List.of("docker-compose.yml"),
                List.of("docker-compose.yml", "docker-compose.gpu.yml"),
                List.of("docker-compose.yml", SECURE),
                List.of("docker-compose.yml", "docker-compose.gpu.yml", SECURE));
    }

    @ParameterizedTest
    @MethodSource("fileSets")
    void dockerComposeAcceptsTheFiles(List<String> files) {
        Optional<Path> tool = Tools.which("docker-compose");
        if (tool.isEmpty()) {
            if (Tools.inCi()) {
                throw new AssertionError(
                        "CI=true but docker-compose is not installed (see .ci/run)");
            }
            Assumptions.abort("docker-compose is not installed (apt-get install docker-compose)");
        }
        // the API password is required (${KD_API_PASSWORD:?...}): without it compose refuses
        List<String> command =
                new java.util.ArrayList<>(
                        List.of("env", "-u", "KD_API_PASSWORD", tool.get().toString()));
        files.forEach(f -> command.addAll(List.of("-f", f)));
        command.addAll(List.of("config", "-q"));
        // The secured override requires its passwords too; the others ignore them.
        Tools.Result refused = Tools.run(ROOT, command, PASSWORDS);
        assertThat(refused.exitCode()).as(String.join(" ", command)).isNotZero();
        assertThat(refused.stderr()).contains("set KD_API_PASSWORD");

        command.addAll(3, List.of("KD_API_PASSWORD=deploy-checks"));
        Tools.Result result = Tools.run(ROOT, command, PASSWORDS);
        assertThat(result.exitCode())
                .as(String.join(" ", command) + "\n" + result.stderr())
                .isZero();
    }

    @Test
    void kafkaIsASingleKraftNodeOfThePinnedApacheImage() {
        String image = COMPOSE.at("kafka", "image");
        String brokerVersion =
                Repo.pomProperty(ROOT.resolve("local-broker/pom.xml"), "kafka.version");
        assertThat(image)
                .as("same Kafka as the local broker")
                .isEqualTo("apache/kafka:" + brokerVersion);
        assertThat(brokerVersion).startsWith("4.");
        Map<String, String> env = COMPOSE.environment("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env)
                .containsKeys(
                        "KAFKA_NODE_ID",
                        "KAFKA_CONTROLLER_QUORUM_VOTERS",
                        "KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        for (String rf :
                List.of(
                        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
            assertThat(env).as("one broker").containsEntry(rf, "1");
        }
        env.forEach(
                (name, value) -> {
                    if (name.endsWith("_REPLICATION_FACTOR") || name.endsWith("_MIN_ISR")) {
                        assertThat(value).as("%s on one broker", name).isEqualTo("1");
                    }
                });
        long maxMessage =
                KdTopics.all("kd.").stream()
                        .map(t -> t.config().get("max.message.bytes"))
                        .filter(v -> v != null)
                        .mapToLong(Long::parseLong)
                        .max()
                        .orElse(0);
        assertThat(Long.parseLong(env.get("KAFKA_MESSAGE_MAX_BYTES")))
                .isGreaterThanOrEqualTo(maxMessage);
        assertThat(COMPOSE.<Object>at("kafka", "healthcheck", "test")).isNotNull();
        assertThat(COMPOSE.<List<String>>at("kafka", "volumes"))
                .anySatisfy(v -> assertThat(v).endsWith(":/var/lib/kafka/data"));
        assertThat(COMPOSE.<Map<String, Object>>at("kafka")).doesNotContainKey("user");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyServiceIsBuiltFromItsModuleAndWaitsForHealthyDependencies(String service) {
        assertThat(COMPOSE.services()).contains(service);
        assertThat(COMPOSE.<String>at(service, "build", "context")).isEqualTo(".");
        String dockerfile = COMPOSE.at(service, "build", "dockerfile");
        assertThat(dockerfile).isEqualTo(service + "/src/main/docker/Dockerfile.jvm");
        assertThat(ROOT.resolve(dockerfile)).isRegularFile();
        assertThat(Compose.withDefaults(COMPOSE.at(service, "image")))
                .isEqualTo("kd-stream/" + service + ":latest");
        assertThat(String.valueOf(COMPOSE.<Object>at(service, "user")))
                .as("non-root")
                .isEqualTo("185");
        assertThat(COMPOSE.<Map<String, Object>>at(service)).doesNotContainKey("container_name");

        int port = ServiceConfig.read(ROOT.resolve(service)).httpPort();
        String health = String.join(" ", COMPOSE.<List<String>>at(service, "healthcheck", "test"));
        assertThat(health).contains("/q/health/ready", "127.0.0.1/" + port);

        Map<String, Map<String, String>> dependsOn = COMPOSE.at(service, "depends_on");
        assertThat(dependsOn).containsKey("kafka");
        dependsOn.forEach(
                (dependency, condition) -> {
                    assertThat(condition)
                            .as("%s waits for %s", service, dependency)
                            .containsEntry("condition", "service_healthy");
                    assertThat(COMPOSE.<Object>at(dependency, "healthcheck"))
                            .as("%s has a health check", dependency)
                            .isNotNull();
                });
    }

    @Test
    void onlyTheEvaluatorPublishesAPortSoWorkersCanScale() {
        assertThat(COMPOSE.<Map<String, Object>>at("student-service")).doesNotContainKey("ports");
        assertThat(COMPOSE.<Map<String, Object>>at("teacher-service")).doesNotContainKey("ports");
        int port = ServiceConfig.read(ROOT.resolve("evaluator-service")).httpPort();
        List<String> ports = COMPOSE.at("evaluator-service", "ports");
        assertThat(ports).hasSize(1);
        assertThat(Compose.withDefaults(ports.get(0)))
                .as("the REST API changes state: loopback only unless KD_BIND_ADDRESS says so")
                .isEqualTo("127.0.0.1:" + port + ":" + port);
    }

    @Test
    void kafkasHostListenerIsPublishedOnLoopbackOnly() {
        List<String> ports = COMPOSE.at("kafka", "ports");
        assertThat(ports).hasSize(1);
        assertThat(Compose.withDefaults(ports.get(0))).isEqualTo("127.0.0.1:29092:29092");
    }

    @Test
    void gpuOverrideReservesAnNvidiaGpuPerStudentWorker() {
        assertThat(GPU.services()).containsExactly("student-service");
        String dockerfile = GPU.at("student-service", "build", "dockerfile");
        assertThat(ROOT.resolve(dockerfile)).isRegularFile();
        assertThat(dockerfile).endsWith("Dockerfile.gpu");
        assertThat(Compose.withDefaults(GPU.at("student-service", "image")))
                .isEqualTo("kd-stream/student-service-gpu:latest");
        assertThat(GPU.environment("student-service")).containsEntry("KD_DEVICE", "gpu");
        List<Map<String, Object>> devices =
                GPU.at("student-service", "deploy", "resources", "reservations", "devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0)).containsEntry("driver", "nvidia").containsEntry("count", 1);
        assertThat(devices.get(0).get("capabilities")).isEqualTo(List.of("gpu"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyServiceRunsHardened(String service) {
        Map<String, Object> s = COMPOSE.service(service);
        assertThat(s.get("read_only")).as("%s read_only", service).isEqualTo(true);
        assertThat(COMPOSE.<List<String>>at(service, "tmpfs"))
                .as("%s: a tmpfs for the JVM's temporary files", service)
                .contains("/tmp");
        assertCommonHardening(COMPOSE, service);
        assertThat(memoryBytes(COMPOSE.at(service, "mem_limit")))
                .as("%s mem_limit: -Xmx about 1g plus libtorch's native memory", service)
                .isGreaterThanOrEqualTo(2L << 30);
    }

    @Test
    void kafkaRunsHardenedButWithAWritableRootFilesystem() {
        assertCommonHardening(COMPOSE, "kafka");
        assertThat(memoryBytes(COMPOSE.at("kafka", "mem_limit")))
                .as("kafka mem_limit: the broker's 1g heap plus its native memory")
                .isGreaterThanOrEqualTo(1536L << 20);
        // The image's start script writes server.properties into /opt/kafka/config, next to the
        // image's own files: see the comment in docker-compose.yml.
        assertThat(COMPOSE.service("kafka").get("read_only")).isIn(null, false);
    }

    @Test
    void gpuOverrideKeepsTheHardeningAndOnlyOpensTheRootFilesystemForDjl() {
        Map<String, Object> gpu = GPU.service("student-service");
        assertThat(gpu)
                .as("the base file's settings apply")
                .doesNotContainKeys("cap_drop", "security_opt", "restart", "tmpfs", "user");
        assertThat(gpu.get("read_only"))
                .as("DJL's JNI library is extracted into DJL_CACHE_DIR at start")
                .isEqualTo(false);
        assertThat(memoryBytes(GPU.at("student-service", "mem_limit")))
                .as("CUDA needs more host memory than the CPU workers")
                .isGreaterThan(memoryBytes(COMPOSE.at("student-service", "mem_limit")));
    }

    private static void assertCommonHardening(Compose compose, String service) {
        assertThat(compose.<List<String>>at(service, "cap_drop"))
                .as("%s cap_drop", service)
                .containsExactly("ALL");
        assertThat(compose.<Map<String, Object>>at(service))
                .doesNotContainKeys("cap_add", "privileged");
        assertThat(compose.<List<String>>at(service, "security_opt"))
                .as("%s security_opt", service)
                .contains("no-new-privileges:true");
        assertThat(compose.<String>at(service, "restart"))
                .as("%s restart", service)
                .isEqualTo("unless-stopped");
        assertThat(compose.<Object>at(service, "mem_limit"))
                .as("%s mem_limit", service)
                .isNotNull();
    }

    /**
     * docker-compose.secure.yml merged onto the base file, as {@code docker-compose -f
     * docker-compose.yml -f docker-compose.secure.yml config} builds it: Kafka speaks SASL_SSL with
     * SCRAM-SHA-512 only, authorizes with ACLs, and each service is its own user.
     */
    @Nested
    class SecureOverride {

        private final Compose merged = Compose.merged(PASSWORDS, "docker-compose.yml", SECURE);
        private final Map<String, String> kafka = merged.environment("kafka");

        @Test
        void refusesToStartWithoutItsPasswordsAndNamesTheMissingOne() {
            Map<String, String> unset = new java.util.HashMap<>(PASSWORDS);
            unset.put("KD_KAFKA_TEACHER_PASSWORD", "");
            Tools.Result result = Compose.config(unset, "docker-compose.yml", SECURE);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr())
                    .contains("KD_KAFKA_TEACHER_PASSWORD", "deploy/secure/env.example");
        }

        @ParameterizedTest
        @MethodSource("io.kdstream.deploy.ComposeTest#services")
        void everyServiceUsesSaslSslWithScramAsItsOwnUser(String service) {
            Map<String, String> env = merged.environment(service);
            assertThat(env)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_PASSWORD", "test-ssl-secret")
                    .containsEntry("KD_TOPICS_CREATE", "false")
                    .containsEntry("KD_SECURITY_REQUIRE_PRODUCER_IDENTITY", "true");
            String variable =
                    "KD_KAFKA_" + service.replace("-service", "").toUpperCase() + "_PASSWORD";
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG"))
                    .as("%s logs in as its own user with its own password", service)
                    .isEqualTo(
                            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                    + " username=\"%s\" password=\"%s\";",
                            service, PASSWORDS.get(variable));
            assertThat(mountsReadOnly(service, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION")))
                    .as("%s: the truststore is mounted read-only", service)
                    .isTrue();
            Map<String, Map<String, String>> dependsOn = merged.at(service, "depends_on");
            assertThat(dependsOn.get("kafka-setup"))
                    .as("%s starts once topics and ACLs are in place", service)
                    .containsEntry("condition", "service_completed_successfully");
        }

        @Test
        void noPlaintextListenerIsAdvertisedOrReachableFromOtherContainers() {
            Map<String, String> protocols =
                    listenerMap(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
            assertThat(protocols.values()).doesNotContain("PLAINTEXT", "SSL");
            Map<String, String> advertised = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
            assertThat(advertised).isNotEmpty();
            advertised
                    .keySet()
                    .forEach(
                            name ->
                                    assertThat(protocols.get(name))
                                            .as("advertised listener %s", name)
                                            .isEqualTo("SASL_SSL"));
            assertThat(advertised).containsEntry("CLIENT", "kafka:9092");
            String controller = kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES");
            listeners(kafka.get("KAFKA_LISTENERS"))
                    .forEach(
                            (name, address) -> {
                                if (!protocols.get(name).equals("SASL_SSL")) {
                                    assertThat(name)
                                            .as("only the controller listener is not SASL_SSL")
                                            .isEqualTo(controller);
                                    assertThat(address)
                                            .as("the controller listener: container loopback only")
                                            .startsWith("127.0.0.1:");
                                }
                            });
            assertThat(kafka)
                    .containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "CLIENT")
                    .containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
            // The published host port is the HOST listener, SASL_SSL as the rest.
            List<Object> ports = merged.at("kafka", "ports");
            assertThat(ports).hasSize(1);
            assertThat(String.valueOf(ports.get(0))).contains("29092");
            assertThat(protocols.get("HOST")).isEqualTo("SASL_SSL");
            assertThat(mountsReadOnly("kafka", kafka.get("KAFKA_SSL_KEYSTORE_LOCATION")))
                    .as("the broker keystore is mounted read-only")
                    .isTrue();
        }

        @Test
        void theAuthorizerIsOnAndDeniesWhatNoAclAllows() {
            assertThat(kafka)
                    .containsEntry(
                            "KAFKA_AUTHORIZER_CLASS_NAME",
                            "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                    .containsEntry("KAFKA_SUPER_USERS", "User:admin");
        }

        @Test
        void theBrokerFormatsItsStorageWithEveryUsersScramCredential() {
            List<String> entrypoint = merged.at("kafka", "entrypoint");
            String script = entrypoint.get(entrypoint.size() - 1);
            assertThat(mountSource("kafka", script)).endsWith("deploy/secure/kafka-start.sh");
            String text = Repo.read(ROOT.resolve("deploy/secure/kafka-start.sh"));
            for (String user : concat(List.of("admin"), AccessMatrix.USERS)) {
                assertThat(text).contains("SCRAM-SHA-512=[name=" + user + ",password=");
            }
            assertThat(text).contains("--ignore-formatted", "exec /etc/kafka/docker/run");
        }

        @Test
        void kafkaSetupGrantsExactlyTheAccessMatrix() {
            List<String> entrypoint = merged.at("kafka-setup", "entrypoint");
            assertThat(mountSource("kafka-setup", entrypoint.get(entrypoint.size() - 1)))
                    .endsWith("deploy/secure/kafka-setup.sh");
            assertThat(mountSource("kafka-setup", "/etc/kd-stream/secure/acls.conf"))
                    .endsWith("deploy/secure/acls.conf");
            List<AccessMatrix.Acl> acls =
                    AccessMatrix.readConf(ROOT.resolve("deploy/secure/acls.conf"));
            assertThat(acls.stream().map(AccessMatrix.Acl::key).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(AccessMatrix.keys());
            assertThat(acls)
                    .as("no service may create, alter or delete topics, or change ACLs")
                    .extracting(AccessMatrix.Acl::operation)
                    .doesNotContain("Create", "Alter", "Delete", "All", "ClusterAction");
            assertThat(acls).extracting(AccessMatrix.Acl::user).doesNotContain("admin");
            assertThat(merged.environment("kafka-setup"))
                    .containsEntry("KD_KAFKA_ADMIN_PASSWORD", "test-admin-secret")
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            Map<String, Map<String, String>> dependsOn = merged.at("kafka-setup", "depends_on");
            assertThat(dependsOn.get("kafka")).containsEntry("condition", "service_healthy");
        }

        @Test
        void kafkaSetupCreatesExactlyKdStreamsTopics() {
            Map<String, KdTopics.TopicSpec> expected =
                    KdTopics.all("").stream()
                            .collect(Collectors.toMap(KdTopics.TopicSpec::name, t -> t));
            Map<String, KdTopics.TopicSpec> conf = new java.util.TreeMap<>();
            for (String line : Repo.read(ROOT.resolve("deploy/secure/topics.conf")).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                Map<String, String> config = new java.util.HashMap<>();
                if (f.length > 2) {
                    for (String pair : f[2].split(",")) {
                        config.put(
                                pair.substring(0, pair.indexOf('=')),
                                pair.substring(pair.indexOf('=') + 1));
                    }
                }
                conf.put(f[0], new KdTopics.TopicSpec(f[0], Integer.parseInt(f[1]), config));
            }
            assertThat(conf).isEqualTo(new java.util.TreeMap<>(expected));
        }

        @Test
        void theAccessMatrixCoversEveryChannel() {
            for (String service : AccessMatrix.USERS) {
                for (ServiceConfig.Channel c :
                        ServiceConfig.read(ROOT.resolve(service)).channels()) {
                    Set<String> allowed =
                            c.direction().equals("outgoing")
                                    ? AccessMatrix.writes(service)
                                    : AccessMatrix.reads(service);
                    assertThat(allowed)
                            .as("%s %s channel %s", service, c.direction(), c.name())
                            .contains(unprefixed(c.topic()));
                    String dlq = c.attributes().get("dead-letter-queue.topic");
                    if (dlq != null) {
                        assertThat(AccessMatrix.writes(service))
                                .as("%s: the dead-letter queue of %s", service, c.name())
                                .contains(unprefixed(dlq));
                    }
                }
            }
        }

        @Test
        void theNewServiceIsHardenedAndTheServicesStayHardened() {
            Map<String, Object> setup = merged.service("kafka-setup");
            assertThat(setup.get("read_only")).isEqualTo(true);
            assertThat(merged.<List<String>>at("kafka-setup", "tmpfs")).contains("/tmp");
            assertThat(merged.<List<String>>at("kafka-setup", "cap_drop")).containsExactly("ALL");
            assertThat(merged.<List<String>>at("kafka-setup", "security_opt"))
                    .contains("no-new-privileges:true");
            assertThat(setup).doesNotContainKeys("cap_add", "privileged", "ports");
            assertThat(setup.get("mem_limit")).isNotNull();
            assertThat(setup.get("restart")).as("a one-shot job").isEqualTo("on-failure");
            for (String service : Repo.services()) {
                assertThat(merged.service(service).get("read_only")).isEqualTo(true);
                assertThat(merged.<List<String>>at(service, "cap_drop")).containsExactly("ALL");
            }
            assertThat(merged.<List<String>>at("kafka", "cap_drop")).containsExactly("ALL");
        }

        @Test
        void noSecretIsWrittenInTheFilesAndTheGeneratedOnesAreIgnored() {
            Compose file = Compose.read(SECURE);
            java.util.regex.Pattern inline =
                    java.util.regex.Pattern.compile("(?i)password=\"([^\"]*)\"");
            for (String service : file.services()) {
                file.environment(service)
                        .forEach(
                                (name, value) -> {
                                    if (name.contains("PASSWORD")) {
                                        assertThat(value)
                                                .as("%s %s", service, name)
                                                .startsWith("${");
                                    }
                                    java.util.regex.Matcher m =
                                            inline.matcher(String.valueOf(value));
                                    while (m.find()) {
                                        assertThat(m.group(1))
                                                .as("%s %s: a password", service, name)
                                                .startsWith("${");
                                    }
                                });
            }
            assertThat(Repo.read(ROOT.resolve(".gitignore")))
                    .contains("/deploy/secure/certs/", "/.env");
        }

        /** Whether a container path is a read-only bind mount of the service. */
        private boolean mountsReadOnly(String service, String containerPath) {
            return volumes(service).stream()
                    .anyMatch(
                            v ->
                                    containerPath.startsWith(v.get("target"))
                                            && "true".equals(v.get("read_only")));
        }

        /** The host path mounted at a container path. */
        private String mountSource(String service, String containerPath) {
            return volumes(service).stream()
                    .filter(v -> containerPath.equals(v.get("target")))
                    .map(v -> v.get("source"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            service + " mounts nothing at " + containerPath));
        }

        /** docker-compose config writes volumes as "source:target[:mode]" strings. */
        private List<Map<String, String>> volumes(String service) {
            List<Object> raw = merged.at(service, "volumes");
            return raw.stream()
                    .map(
                            v -> {
                                if (v instanceof Map<?, ?> map) {
                                    return Map.of(
                                            "source", String.valueOf(map.get("source")),
                                            "target", String.valueOf(map.get("target")),
                                            "read_only", String.valueOf(map.get("read_only")));
                                }
                                String[] parts = String.valueOf(v).split(":");
                                return Map.of(
                                        "source",
                                        parts[0],
                                        "target",
                                        parts.length > 1 ? parts[1] : parts[0],
                                        "read_only",
                                        String.valueOf(
                                                parts.length > 2 && parts[2].contains("ro")));
                            })
                    .toList();
        }
    }

    private static String unprefixed(String topic) {
        return topic.replace("${kd.topics.prefix}", "");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** "A:SASL_SSL,B:..." as a map. */
    private static Map<String, String> listenerMap(String value) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : value.split(",")) {
            out.put(
                    pair.substring(0, pair.indexOf(':')).strip(),
                    pair.substring(pair.indexOf(':') + 1).strip());
        }
        return out;
    }

    /** "NAME://host:port,..." as name to host:port. */
    private static Map<String, String> listeners(String value) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String l : value.split(",")) {
            out.put(
                    l.substring(0, l.indexOf("://")).strip(),
                    l.substring(l.indexOf("://") + 3).strip());
        }
        return out;
    }

    /** A compose memory value: bytes, or a number with b, k, m or g. */
    static long memoryBytes(Object value) {
        String v = String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([bkmg]?)b?").matcher(v);
        assertThat(m.matches()).as("memory value %s", value).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
