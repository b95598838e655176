package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.deploy.support.Compose;
import io.kdstream.deploy.support.Repo;
import io.kdstream.deploy.support.ServiceConfig;
import io.kdstream.deploy.support.Tools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
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

    static List<String> services() {
        return Repo.services();
    }

    static List<List<String>> fileSets() {
        return List.of(
                List.of("docker-compose.yml"),
                List.of("docker-compose.yml", "docker-compose.gpu.yml"));
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
        Tools.Result refused = Tools.run(ROOT, command);
        assertThat(refused.exitCode()).as(String.join(" ", command)).isNotZero();
        assertThat(refused.stderr()).contains("set KD_API_PASSWORD");

        command.addAll(3, List.of("KD_API_PASSWORD=deploy-checks"));
        Tools.Result result = Tools.run(ROOT, command);
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
