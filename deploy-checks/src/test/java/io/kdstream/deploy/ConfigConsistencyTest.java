package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.metrics.KdMetrics;
import io.kdstream.deploy.support.Compose;
import io.kdstream.deploy.support.Dockerfile;
import io.kdstream.deploy.support.Manifests;
import io.kdstream.deploy.support.Rendered;
import io.kdstream.deploy.support.Repo;
import io.kdstream.deploy.support.ScaledObject;
import io.kdstream.deploy.support.ServiceConfig;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compose, the Kubernetes manifests, the Dockerfiles and each service's configuration name the same
 * topics, ports and environment variables.
 *
 * <p>Plain JUnit: every side is read from its file (application.properties, the services'
 * {@code @ConfigMapping} sources, docker-compose*.yml, the rendered kustomizations, the
 * Dockerfiles, KdTopics), so a change on one side that the others do not follow fails here.
 */
class ConfigConsistencyTest {

    private static final Path ROOT = Repo.root();
    private static final Compose COMPOSE = Compose.read("docker-compose.yml");
    private static final Compose GPU = Compose.read("docker-compose.gpu.yml");
    private static final Compose SECURE = Compose.read("docker-compose.secure.yml");

    /**
     * The Kafka security variables (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...): no
     * application.properties key names them; distill-core's KafkaClientConfig reads them for every
     * client.
     */
    private static final Set<String> KAFKA_CLIENT_VARIABLES =
            KafkaClientConfig.SECURITY_KEYS.stream()
                    .map(k -> KafkaClientConfig.environmentName(KafkaClientConfig.PREFIX + k))
                    .collect(Collectors.toSet());

    /**
     * Variables read by the image or the JVM launcher rather than by the service's configuration:
     * run-java.sh (JAVA_*), DJL (DJL_CACHE_DIR, PYTORCH_*, OPT_OUT_TRACKING), glibc's allocator
     * (MALLOC_*, scripts/kd-env.sh), the NVIDIA runtime.
     */
    private static final Set<String> RUNTIME_VARIABLES =
            Set.of(
                    "JAVA_OPTS",
                    "JAVA_OPTS_APPEND",
                    "JAVA_APP_JAR",
                    "LANGUAGE",
                    "DJL_CACHE_DIR",
                    "OPT_OUT_TRACKING",
                    "PYTORCH_LIBRARY_PATH",
                    "PYTORCH_VERSION",
                    "PYTORCH_FLAVOR",
                    "NVIDIA_DRIVER_CAPABILITIES",
                    "NVIDIA_VISIBLE_DEVICES",
                    "MALLOC_MMAP_THRESHOLD_",
                    "MALLOC_TRIM_THRESHOLD_");

    /**
     * The defaults of the kd.* keys this test resolves, as KdTopics and the config mappings declare
     * them.
     */
    private static final Map<String, String> DEFAULTS = Map.of("kd.topics.prefix", "kd.");

    static List<String> services() {
        return Repo.services();
    }

    private static ServiceConfig config(String service) {
        return ServiceConfig.read(ROOT.resolve(service));
    }

    private static Map<String, String> configMap(String overlay, String service) {
        ConfigMap map = Manifests.named(Rendered.of(overlay), ConfigMap.class, service + "-config");
        return map.getData();
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableWeSetReachesAPropertyTheServiceReads(String service) {
        ServiceConfig config = config(service);
        Map<String, Set<String>> sources = new java.util.TreeMap<>();
        java.util.function.BiConsumer<String, String> add =
                (variable, where) ->
                        sources.computeIfAbsent(variable, v -> new java.util.TreeSet<>())
                                .add(where);
        COMPOSE.environment(service).keySet().forEach(v -> add.accept(v, "docker-compose.yml"));
        if (GPU.services().contains(service)) {
            GPU.environment(service).keySet().forEach(v -> add.accept(v, "docker-compose.gpu.yml"));
        }
        SECURE.environment(service)
                .keySet()
                .forEach(v -> add.accept(v, "docker-compose.secure.yml"));
        for (Path dir : Rendered.kustomizations()) {
            Manifests.ofType(Rendered.of(dir), ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().equals(service + "-config"))
                    .forEach(
                            c ->
                                    c.getData()
                                            .keySet()
                                            .forEach(
                                                    v ->
                                                            add.accept(
                                                                    v,
                                                                    "ConfigMap/"
                                                                            + Rendered.name(dir))));
        }
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.gpu")) {
            Path file = ROOT.resolve(service).resolve("src/main/docker").resolve(dockerfile);
            if (Files.isRegularFile(file)) {
                for (Dockerfile.Instruction env :
                        Dockerfile.parse(Repo.read(file)).finalStage().all("ENV")) {
                    add.accept(env.args().split("[=\\s]", 2)[0], dockerfile);
                }
            }
        }
        assertThat(sources).containsKey("KAFKA_BOOTSTRAP_SERVERS");

        List<String> unread = new ArrayList<>();
        sources.forEach(
                (variable, where) -> {
                    if (!RUNTIME_VARIABLES.contains(variable)
                            && !KAFKA_CLIENT_VARIABLES.contains(variable)
                            && config.keyForEnv(variable).isEmpty()) {
                        unread.add(variable + " (set in " + where + ")");
                    }
                });
        assertThat(unread)
                .as(
                        "%s reads none of these: no key in application.properties or its @ConfigMapping maps to them "
                                + "(mapping keys: %s)",
                        service, config.mappingKeys())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void kafkaBootstrapServersComesFromTheEnvironmentEverywhere(String service) {
        ServiceConfig config = config(service);
        assertThat(config.property("kafka.bootstrap.servers"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("${KAFKA_BOOTSTRAP_SERVERS"));

        // compose: the internal listener the broker advertises
        String composeBootstrap = COMPOSE.environment(service).get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(COMPOSE.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("://" + composeBootstrap);

        // Kubernetes: Strimzi's bootstrap Service of the cluster, on its TLS listener (SASL_SSL)
        for (Path dir : Rendered.kustomizations()) {
            Kafka kafka = Manifests.ofType(Rendered.of(dir), Kafka.class).get(0);
            String bootstrap =
                    configMap(Rendered.name(dir), service).get("KAFKA_BOOTSTRAP_SERVERS");
            List<String> endpoints =
                    kafka.getSpec().getKafka().getListeners().stream()
                            .filter(GenericKafkaListener::isTls)
                            .map(GenericKafkaListener::getPort)
                            .map(port -> kafka.getMetadata().getName() + "-kafka-bootstrap:" + port)
                            .toList();
            assertThat(endpoints).as("%s in %s", service, Rendered.name(dir)).contains(bootstrap);
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void portsAgreeWithQuarkusHttpPort(String service) {
        int port = config(service).httpPort();
        Dockerfile jvm =
                Dockerfile.parse(
                        Repo.read(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")));
        assertThat(jvm.finalStage().all("EXPOSE"))
                .extracting(Dockerfile.Instruction::args)
                .containsExactly(String.valueOf(port));
        assertThat(String.join(" ", COMPOSE.<List<String>>at(service, "healthcheck", "test")))
                .contains("127.0.0.1/" + port);
        for (Path dir : Rendered.kustomizations()) {
            Deployment d = Manifests.named(Rendered.of(dir), Deployment.class, service);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getPorts())
                    .as("%s in %s", service, Rendered.name(dir))
                    .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void channelsUseKdTopics(String service) {
        ServiceConfig config = config(service);
        Set<String> known =
                KdTopics.all("kd.").stream()
                        .map(KdTopics.TopicSpec::name)
                        .collect(Collectors.toSet());
        for (ServiceConfig.Channel channel : config.channels()) {
            if (!"smallrye-kafka".equals(channel.attributes().get("connector"))) {
                continue;
            }
            String topic = config.resolve(channel.topic(), Map.of(), DEFAULTS);
            assertThat(known).as("%s channel %s topic", service, channel.name()).contains(topic);
            assertThat(channel.topic())
                    .as("%s channel %s names its topic through the prefix", service, channel.name())
                    .startsWith("${kd.topics.prefix}");
        }
    }

    @Test
    void kafkaTopicResourcesAreKdTopics() {
        for (Path dir : Rendered.kustomizations()) {
            String prefix =
                    configMap(Rendered.name(dir), "student-service")
                            .getOrDefault("KD_TOPICS_PREFIX", "kd.");
            Map<String, KdTopics.TopicSpec> expected =
                    KdTopics.all(prefix).stream()
                            .collect(Collectors.toMap(KdTopics.TopicSpec::name, t -> t));
            List<KafkaTopic> topics = Manifests.ofType(Rendered.of(dir), KafkaTopic.class);
            assertThat(topics)
                    .extracting(t -> t.getSpec().getTopicName())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (KafkaTopic topic : topics) {
                KdTopics.TopicSpec spec = expected.get(topic.getSpec().getTopicName());
                assertThat(topic.getSpec().getPartitions())
                        .as("partitions of %s", spec.name())
                        .isEqualTo(spec.partitions());
                Map<String, String> config =
                        topic.getSpec().getConfig().entrySet().stream()
                                .collect(
                                        Collectors.toMap(
                                                Map.Entry::getKey,
                                                e -> String.valueOf(e.getValue())));
                assertThat(config)
                        .as("config of %s in %s", spec.name(), Rendered.name(dir))
                        .isEqualTo(spec.config());
            }
        }
    }

    @Test
    void everyServiceUsesTheSameTopicPrefix() {
        for (Path dir : Rendered.kustomizations()) {
            Set<String> prefixes =
                    services().stream()
                            .map(
                                    s ->
                                            configMap(Rendered.name(dir), s)
                                                    .getOrDefault("KD_TOPICS_PREFIX", "kd."))
                            .collect(Collectors.toSet());
            assertThat(prefixes).as(Rendered.name(dir)).hasSize(1);
        }
        Set<String> composePrefixes =
                services().stream()
                        .map(
                                s ->
                                        Compose.withDefaults(
                                                COMPOSE.environment(s)
                                                        .getOrDefault("KD_TOPICS_PREFIX", "kd.")))
                        .collect(Collectors.toSet());
        assertThat(composePrefixes).hasSize(1);
    }

    @Test
    void kedaWatchesTheStudentWorkersGroupOnStudentJobs() {
        for (Path dir : Rendered.kustomizations()) {
            String overlay = Rendered.name(dir);
            Map<String, String> env = configMap(overlay, "student-service");
            String prefix = env.getOrDefault("KD_TOPICS_PREFIX", "kd.");
            // the workers' share group: kd.student.group, "student-service" unless the ConfigMap
            // says
            String group =
                    env.getOrDefault(ServiceConfig.envName("kd.student.group"), "student-service");
            ScaledObject.Trigger trigger =
                    Manifests.ofType(Rendered.of(dir), ScaledObject.class)
                            .get(0)
                            .spec()
                            .triggers()
                            .get(0);
            assertThat(trigger.metadata().get("query"))
                    .as("%s: KEDA reads the backlog of the group the workers join", overlay)
                    .contains(KdMetrics.TAG_GROUP + "=\"" + group + "\"")
                    .contains(KdMetrics.TAG_TOPIC + "=\"" + prefix + KdTopics.STUDENT_JOBS + "\"");
        }
        assertThat(config("student-service").mappingKeys())
                .as("the key the group comes from")
                .contains("kd.student.group");
    }

    @Test
    void imagesAreTheOnesComposeBuilds() {
        Map<String, String> composeImages = new LinkedHashMap<>();
        for (String service : services()) {
            composeImages.put(
                    service,
                    Compose.withDefaults(COMPOSE.at(service, "image")).replaceAll(":[^:/]+$", ""));
        }
        for (Path dir : Rendered.kustomizations()) {
            for (String service : services()) {
                Deployment d = Manifests.named(Rendered.of(dir), Deployment.class, service);
                String image =
                        d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()
                                .replaceAll(":[^:/]+$", "");
                String expected =
                        Rendered.name(dir).equals("gpu") && GPU.services().contains(service)
                                ? Compose.withDefaults(GPU.at(service, "image"))
                                        .replaceAll(":[^:/]+$", "")
                                : composeImages.get(service);
                assertThat(image).as("%s in %s", service, Rendered.name(dir)).isEqualTo(expected);
            }
        }
    }

    @Test
    void deviceSettingsAreValidValues() {
        for (String service : services()) {
            assertThat(
                            Compose.withDefaults(
                                    COMPOSE.environment(service).getOrDefault("KD_DEVICE", "auto")))
                    .isIn("auto", "cpu", "gpu");
            for (Path dir : Rendered.kustomizations()) {
                assertThat(configMap(Rendered.name(dir), service).getOrDefault("KD_DEVICE", "auto"))
                        .isIn("auto", "cpu", "gpu");
            }
        }
    }
}
