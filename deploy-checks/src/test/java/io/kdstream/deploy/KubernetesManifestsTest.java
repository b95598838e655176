package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.metrics.KdMetrics;
import io.kdstream.deploy.support.AccessMatrix;
import io.kdstream.deploy.support.Manifests;
import io.kdstream.deploy.support.Rendered;
import io.kdstream.deploy.support.ScaledObject;
import io.kdstream.deploy.support.Yaml;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.KafkaClusterSpec;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests render and every object fits its schema and its neighbours.
 *
 * <p>Plain JUnit, no cluster: kustomize renders each kustomization, each object is read into its
 * typed model with unknown fields refused (Fabric8 for Kubernetes kinds, Strimzi's API model for
 * Kafka, KafkaNodePool and KafkaTopic, {@link ScaledObject} for KEDA), then the references between
 * objects are followed the way the API server and the operators would.
 */
class KubernetesManifestsTest {

    private static final Set<String> LABELS =
            Set.of("app", "app.kubernetes.io/name", "app.kubernetes.io/part-of");

    static List<Path> kustomizations() {
        return Rendered.kustomizations();
    }

    @Test
    void thereIsABaseAndALocalAndAGpuOverlay() {
        assertThat(kustomizations()).extracting(Rendered::name).contains("base", "local", "gpu");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersAndEveryObjectFitsItsTypedSchema(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        assertThat(resources)
                .extracting(Manifests.Resource::kind)
                .contains(
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "ScaledObject",
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "KafkaUser");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void ourObjectsCarryTheAppLabels(Path dir) {
        for (Manifests.Resource r : Rendered.of(dir)) {
            if (r.kind().equals("Namespace")) {
                continue;
            }
            Map<String, Object> labels = Yaml.at(r.raw(), "metadata", "labels");
            assertThat(labels).as("%s %s labels", r.kind(), r.name()).isNotNull();
            if (!r.kind().equals("KafkaTopic")) {
                assertThat(labels.keySet())
                        .as("%s %s labels", r.kind(), r.name())
                        .containsAll(LABELS);
            }
            assertThat(labels)
                    .as("%s %s", r.kind(), r.name())
                    .containsEntry("app.kubernetes.io/part-of", "kd-stream");
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void deploymentsSelectTheirPodsProbeHealthAndBoundResources(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        Set<String> configMaps =
                Manifests.ofType(resources, ConfigMap.class).stream()
                        .map(c -> c.getMetadata().getName())
                        .collect(Collectors.toSet());
        for (Deployment d : Manifests.ofType(resources, Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels)
                    .as("%s pod labels", name)
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            assertThat(podLabels.keySet()).as("%s pod labels", name).containsAll(LABELS);

            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot())
                    .as("%s runAsNonRoot", name)
                    .isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser())
                    .as("%s runAsUser", name)
                    .isEqualTo(185L);
            assertThat(pod.getContainers()).as("%s containers", name).hasSize(1);
            Container c = pod.getContainers().get(0);
            assertThat(c.getName()).isEqualTo(name);
            assertThat(c.getImage())
                    .as("%s image", name)
                    .matches("kd-stream/" + name + "(-gpu)?:[\\w.-]+");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(c.getResources().getRequests())
                        .as("%s requests", name)
                        .containsKey(resource);
            }
            assertThat(c.getResources().getLimits()).as("%s limits", name).containsKey("memory");
            assertThat(c.getEnvFrom())
                    .as("%s envFrom", name)
                    .isNotEmpty()
                    .allSatisfy(
                            e ->
                                    assertThat(configMaps)
                                            .as("%s envFrom ConfigMap", name)
                                            .contains(e.getConfigMapRef().getName()));

            Map<String, Integer> ports =
                    c.getPorts().stream()
                            .collect(
                                    Collectors.toMap(
                                            ContainerPort::getName,
                                            ContainerPort::getContainerPort));
            assertThat(ports).as("%s ports", name).containsKey("http");
            assertProbe(name, "startup", c.getStartupProbe(), "/q/health/started", ports);
            assertProbe(name, "liveness", c.getLivenessProbe(), "/q/health/live", ports);
            assertProbe(name, "readiness", c.getReadinessProbe(), "/q/health/ready", ports);
        }
    }

    private static void assertProbe(
            String deployment, String kind, Probe probe, String path, Map<String, Integer> ports) {
        assertThat(probe).as("%s %s probe", deployment, kind).isNotNull();
        assertThat(probe.getHttpGet().getPath())
                .as("%s %s probe path", deployment, kind)
                .isEqualTo(path);
        IntOrString port = probe.getHttpGet().getPort();
        if (port.getStrVal() != null) {
            assertThat(ports)
                    .as("%s %s probe port", deployment, kind)
                    .containsKey(port.getStrVal());
        } else {
            assertThat(ports.values())
                    .as("%s %s probe port", deployment, kind)
                    .contains(port.getIntVal());
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void servicesReachADeploymentsPort(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        List<Deployment> deployments = Manifests.ofType(resources, Deployment.class);
        for (Service s : Manifests.ofType(resources, Service.class)) {
            Deployment target =
                    deployments.stream()
                            .filter(
                                    d ->
                                            d.getSpec()
                                                    .getTemplate()
                                                    .getMetadata()
                                                    .getLabels()
                                                    .entrySet()
                                                    .containsAll(
                                                            s.getSpec().getSelector().entrySet()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "Service "
                                                            + s.getMetadata().getName()
                                                            + " selects no Deployment"));
            List<ContainerPort> ports =
                    target.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString t = p.getTargetPort();
                assertThat(ports)
                        .as("Service %s targetPort %s", s.getMetadata().getName(), t)
                        .anySatisfy(
                                cp ->
                                        assertThat(
                                                        t.getStrVal() != null
                                                                ? t.getStrVal().equals(cp.getName())
                                                                : t.getIntVal()
                                                                        .equals(
                                                                                cp
                                                                                        .getContainerPort()))
                                                .isTrue());
            }
        }
        assertThat(Manifests.ofType(resources, Service.class))
                .extracting(s -> s.getMetadata().getName())
                .contains("evaluator-service");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kafkaRunsInKraftModeWithANodePoolAndOwnsOurTopics(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        List<Kafka> clusters = Manifests.ofType(resources, Kafka.class);
        assertThat(clusters).hasSize(1);
        Kafka kafka = clusters.get(0);
        String cluster = kafka.getMetadata().getName();
        assertThat(kafka.getSpec().getKafka().getListeners()).isNotEmpty();

        List<KafkaNodePool> pools = Manifests.ofType(resources, KafkaNodePool.class);
        assertThat(pools)
                .isNotEmpty()
                .allSatisfy(
                        p ->
                                assertThat(p.getMetadata().getLabels())
                                        .containsEntry("strimzi.io/cluster", cluster));
        Set<ProcessRoles> roles =
                pools.stream()
                        .flatMap(p -> p.getSpec().getRoles().stream())
                        .collect(Collectors.toSet());
        assertThat(roles)
                .as("KRaft needs controllers and brokers")
                .contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        int brokers =
                pools.stream()
                        .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                        .mapToInt(p -> p.getSpec().getReplicas())
                        .sum();

        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        // Keys the operator manages itself are refused (KafkaClusterSpec.FORBIDDEN_PREFIXES).
        List<String> forbidden = List.of(KafkaClusterSpec.FORBIDDEN_PREFIXES.split(",\\s*"));
        List<String> allowed = List.of(KafkaClusterSpec.FORBIDDEN_PREFIX_EXCEPTIONS.split(",\\s*"));
        for (String key : config.keySet()) {
            if (!allowed.contains(key)) {
                assertThat(forbidden)
                        .as("Kafka config %s is managed by Strimzi", key)
                        .noneMatch(key::startsWith);
            }
        }
        for (String rf :
                List.of(
                        "default.replication.factor",
                        "offsets.topic.replication.factor",
                        "transaction.state.log.replication.factor",
                        "share.coordinator.state.topic.replication.factor")) {
            assertThat(config.get(rf)).as("%s is set", rf).isInstanceOf(Number.class);
            assertThat(((Number) config.get(rf)).intValue())
                    .as("%s with %d brokers", rf, brokers)
                    .isBetween(1, brokers);
        }
        assertThat(((Number) config.get("share.coordinator.state.topic.min.isr")).intValue())
                .isLessThanOrEqualTo(
                        ((Number) config.get("share.coordinator.state.topic.replication.factor"))
                                .intValue());
        assertThat(((Number) config.get("min.insync.replicas")).intValue())
                .isLessThanOrEqualTo(
                        ((Number) config.get("default.replication.factor")).intValue());
        for (KafkaTopic topic : Manifests.ofType(resources, KafkaTopic.class)) {
            assertThat(topic.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", cluster);
            assertThat(topic.getSpec().getReplicas())
                    .as("replicas of %s", topic.getSpec().getTopicName())
                    .isBetween(1, brokers);
        }
        long maxMessage =
                KdTopics.all("kd.").stream()
                        .map(t -> t.config().get("max.message.bytes"))
                        .filter(v -> v != null)
                        .mapToLong(Long::parseLong)
                        .max()
                        .orElse(0);
        assertThat(((Number) config.get("message.max.bytes")).longValue())
                .isGreaterThanOrEqualTo(maxMessage);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void studentWorkersScaleOnTheJobBacklogWithKeda(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        List<ScaledObject> scaled = Manifests.ofType(resources, ScaledObject.class);
        assertThat(scaled).hasSize(1);
        ScaledObject so = scaled.get(0);
        Deployment target =
                Manifests.named(resources, Deployment.class, so.spec().scaleTargetRef().name());
        assertThat(target.getSpec().getReplicas())
                .as("KEDA owns the replica count of %s", target.getMetadata().getName())
                .isNull();
        assertThat(so.spec().scaleTargetRef().kind()).isIn(null, "Deployment");
        assertThat(so.spec().minReplicaCount())
                .isNotNull()
                .isPositive()
                .isLessThanOrEqualTo(so.spec().maxReplicaCount());

        // a share group has no consumer-group lag for KEDA's Kafka scaler: Prometheus reads the
        // backlog gauge instead, the max over the pods that serve it
        assertThat(so.spec().triggers()).hasSize(1);
        ScaledObject.Trigger trigger = so.spec().triggers().get(0);
        assertThat(trigger.type()).isEqualTo("prometheus");
        assertThat(ScaledObject.PROMETHEUS_METADATA)
                .as("keys the Prometheus scaler knows")
                .containsAll(trigger.metadata().keySet());
        assertThat(trigger.metadata()).containsKeys("serverAddress", "query", "threshold");
        assertThat(trigger.metadata().get("serverAddress")).matches("https?://.+");
        assertThat(trigger.metadata().get("threshold")).matches("[1-9]\\d*");
        assertThat(trigger.metadata().get("query"))
                .startsWith("max(" + KdMetrics.CONSUMER_LAG.replace('.', '_') + "{");
    }

    @Test
    void baseScalesWorkersPastThePartitionCount() {
        // workers share student-jobs as a share group: partitions do not cap them
        ScaledObject so = Manifests.ofType(Rendered.of("base"), ScaledObject.class).get(0);
        assertThat(so.spec().maxReplicaCount()).isGreaterThan(KdTopics.STUDENT_JOB_PARTITIONS);
    }

    @Test
    void gpuOverlayGivesEachStudentWorkerOneGpuAndTheCudaImage() {
        List<Manifests.Resource> resources = Rendered.of("gpu");
        for (Deployment d : Manifests.ofType(resources, Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Quantity gpu = c.getResources().getLimits().get("nvidia.com/gpu");
            if (d.getMetadata().getName().equals("student-service")) {
                assertThat(gpu).isEqualTo(new Quantity("1"));
                Quantity requested = c.getResources().getRequests().get("nvidia.com/gpu");
                assertThat(requested)
                        .as("extended resources: requests equal limits")
                        .isIn(null, gpu);
                assertThat(c.getImage()).startsWith("kd-stream/student-service-gpu:");
                assertThat(d.getSpec().getTemplate().getSpec().getTolerations())
                        .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
            } else {
                assertThat(gpu).as("%s needs no GPU", d.getMetadata().getName()).isNull();
            }
        }
        ConfigMap student = Manifests.named(resources, ConfigMap.class, "student-service-config");
        assertThat(student.getData()).containsEntry("KD_DEVICE", "gpu");
    }

    @Test
    void strictReadingRefusesUnknownFieldsAndMissingRequiredOnes() {
        String deployment =
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          readinessProbe: {httpGet: {path: /q/health/ready, port: http}, periodSecond: 5}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(deployment))
                .hasMessageContaining("Deployment x")
                .hasMessageContaining("periodSecond");

        String topic =
                """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 0, replicas: 1}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(topic))
                .hasMessageContaining("partitions = 0 is below the minimum 1");

        String pool =
                """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: p}
                spec: {replicas: 1, storage: {type: ephemeral}}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(pool))
                .hasMessageContaining("roles is required");

        String zookeeper =
                """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka: {listeners: [{name: plain, port: 9092, type: internal, tls: false}]}
                  zookeeper: {replicas: 3, storage: {type: ephemeral}}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(zookeeper))
                .hasMessageContaining("zookeeper does not exist in v1");

        String keda =
                """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {name: x}
                  triggers: [{type: kafka, metadata: {lagThreshold: 1}}]
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(keda))
                .hasMessageContaining("ScaledObject s");

        String kedaMissing =
                """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {kind: Deployment}
                  triggers: [{type: kafka, metadata: {lagThreshold: "1"}}]
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(kedaMissing))
                .hasMessageContaining("ScaledObject s")
                .hasMessageContaining("required")
                .hasMessageContaining("'name'");

        String unknownKind =
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: kafka}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(unknownKind))
                .hasMessageContaining("no typed model for apps/v1/StatefulSet");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void podsRunWithAReadOnlyRootFilesystemNoTokenAndNoCapabilities(Path dir) {
        List<Deployment> deployments = Manifests.ofType(Rendered.of(dir), Deployment.class);
        assertThat(deployments).isNotEmpty();
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken())
                    .as("%s automountServiceAccountToken", name)
                    .isFalse();
            Container c = pod.getContainers().get(0);
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as("%s securityContext", name).isNotNull();
            assertThat(sc.getReadOnlyRootFilesystem())
                    .as("%s readOnlyRootFilesystem", name)
                    .isTrue();
            assertThat(sc.getAllowPrivilegeEscalation())
                    .as("%s allowPrivilegeEscalation", name)
                    .isFalse();
            assertThat(sc.getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            assertThat(sc.getPrivileged()).as("%s privileged", name).isIn(null, false);
            assertThat(sc.getCapabilities().getDrop()).as("%s drops", name).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).as("%s adds", name).isNullOrEmpty();

            Map<String, Volume> volumes =
                    pod.getVolumes() == null
                            ? Map.of()
                            : pod.getVolumes().stream()
                                    .collect(Collectors.toMap(Volume::getName, v -> v));
            assertThat(c.getVolumeMounts())
                    .as("%s volumeMounts", name)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            for (VolumeMount m : c.getVolumeMounts()) {
                Volume v = volumes.get(m.getName());
                assertThat(v).as("%s volume %s", name, m.getName()).isNotNull();
                if (v.getSecret() != null) {
                    // Kafka's cluster CA: read, never written.
                    assertThat(m.getReadOnly())
                            .as("%s: secret %s mounted read-only", name, m.getMountPath())
                            .isTrue();
                    continue;
                }
                assertThat(v.getEmptyDir())
                        .as(
                                "%s: %s is a writable emptyDir or a read-only Secret",
                                name, m.getMountPath())
                        .isNotNull();
                assertThat(m.getReadOnly())
                        .as("%s mount %s", name, m.getMountPath())
                        .isIn(null, false);
            }
            for (String resource : List.of("cpu", "memory")) {
                assertThat(c.getResources().getLimits())
                        .as("%s limits", name)
                        .containsKey(resource);
            }
        }
    }

    @Test
    void gpuWorkersGetAWritableDjlCacheAsTheyExtractDjlsJniLibraryAtStart() {
        Deployment student =
                Manifests.named(Rendered.of("gpu"), Deployment.class, "student-service");
        assertThat(
                        student.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .contains("/tmp", "/deployments/.djl");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void networkPoliciesLetOnlyTheEvaluatorTakeIngressAndOnlyTheServicesReachKafka(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        List<NetworkPolicy> policies = Manifests.ofType(resources, NetworkPolicy.class);
        for (Deployment d : Manifests.ofType(resources, Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> selecting =
                    policies.stream()
                            .filter(p -> selects(p.getSpec().getPodSelector(), labels))
                            .toList();
            assertThat(selecting)
                    .as("%s: an ingress policy selects its pods (default deny)", name)
                    .anySatisfy(
                            p -> {
                                assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
                                assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                            });
            List<NetworkPolicyIngressRule> rules =
                    selecting.stream()
                            .filter(p -> p.getSpec().getIngress() != null)
                            .flatMap(p -> p.getSpec().getIngress().stream())
                            .toList();
            if (!name.equals("evaluator-service")) {
                assertThat(rules).as("%s takes no ingress", name).isEmpty();
                continue;
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            int http =
                    c.getPorts().stream()
                            .filter(p -> p.getName().equals("http"))
                            .findFirst()
                            .orElseThrow()
                            .getContainerPort();
            assertThat(rules).as("the evaluator takes ingress").isNotEmpty();
            for (NetworkPolicyIngressRule rule : rules) {
                assertThat(rule.getPorts())
                        .as("the evaluator's ingress: its HTTP port only")
                        .isNotEmpty()
                        .allSatisfy(
                                p -> {
                                    IntOrString port = p.getPort();
                                    assertThat(
                                                    port.getStrVal() != null
                                                            ? port.getStrVal()
                                                            : String.valueOf(port.getIntVal()))
                                            .isIn("http", String.valueOf(http));
                                    assertThat(p.getProtocol()).isIn(null, "TCP");
                                });
            }
        }

        // Kafka: Strimzi generates the listener's NetworkPolicy; its peers are the services' pods.
        Kafka kafka = Manifests.ofType(resources, Kafka.class).get(0);
        List<Map<String, String>> podLabels =
                Manifests.ofType(resources, Deployment.class).stream()
                        .map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
                        .toList();
        kafka.getSpec()
                .getKafka()
                .getListeners()
                .forEach(
                        listener -> {
                            List<NetworkPolicyPeer> peers = listener.getNetworkPolicyPeers();
                            assertThat(peers)
                                    .as("listener %s: networkPolicyPeers", listener.getName())
                                    .isNotEmpty()
                                    .allSatisfy(
                                            p -> {
                                                assertThat(p.getPodSelector()).isNotNull();
                                                assertThat(p.getIpBlock()).isNull();
                                                assertThat(p.getNamespaceSelector()).isNull();
                                            });
                            for (Map<String, String> labels : podLabels) {
                                assertThat(peers)
                                        .as(
                                                "listener %s admits %s",
                                                listener.getName(), labels.get("app"))
                                        .anySatisfy(
                                                p ->
                                                        assertThat(
                                                                        selects(
                                                                                p.getPodSelector(),
                                                                                labels))
                                                                .isTrue());
                            }
                            Map<String, String> other = Map.of("app", "something-else");
                            assertThat(peers)
                                    .as("listener %s admits no other pod", listener.getName())
                                    .noneSatisfy(
                                            p ->
                                                    assertThat(selects(p.getPodSelector(), other))
                                                            .isTrue());
                        });
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kafkaListensWithTlsAndScramOnlyAndAuthorizesWithAcls(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        Kafka kafka = Manifests.ofType(resources, Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getListeners())
                .isNotEmpty()
                .allSatisfy(
                        l -> {
                            assertThat(l.isTls()).as("listener %s tls", l.getName()).isTrue();
                            assertThat(l.getAuth())
                                    .as("listener %s authentication", l.getName())
                                    .isNotNull();
                            assertThat(l.getAuth().getType())
                                    .as("listener %s authentication", l.getName())
                                    .isEqualTo("scram-sha-512");
                        });
        assertThat(kafka.getSpec().getKafka().getAuthorization())
                .isInstanceOf(KafkaAuthorizationSimple.class);
        List<String> superUsers =
                ((KafkaAuthorizationSimple) kafka.getSpec().getKafka().getAuthorization())
                        .getSuperUsers();
        assertThat(superUsers)
                .as("no service is a super user")
                .isNotEmpty()
                .doesNotContainAnyElementsOf(AccessMatrix.USERS);
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator())
                .as("the User Operator turns KafkaUsers into credentials and ACLs")
                .isNotNull();
        Set<String> users =
                Manifests.ofType(resources, KafkaUser.class).stream()
                        .map(u -> u.getMetadata().getName())
                        .collect(Collectors.toSet());
        assertThat(users).containsAll(superUsers).containsAll(AccessMatrix.USERS);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServicesKafkaUserGrantsExactlyItsPartOfTheMatrix(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        String cluster = Manifests.ofType(resources, Kafka.class).get(0).getMetadata().getName();
        Set<String> topics =
                Manifests.ofType(resources, KafkaTopic.class).stream()
                        .map(t -> t.getSpec().getTopicName())
                        .collect(Collectors.toSet());
        for (String service : AccessMatrix.USERS) {
            KafkaUser user = Manifests.named(resources, KafkaUser.class, service);
            String prefix =
                    Manifests.named(resources, ConfigMap.class, service + "-config")
                            .getData()
                            .get("KD_TOPICS_PREFIX");
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(user.getSpec().getAuthentication())
                    .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization())
                    .isInstanceOf(KafkaUserAuthorizationSimple.class);
            List<AclRule> rules =
                    ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            Set<String> granted = new java.util.TreeSet<>();
            Set<String> written = new java.util.TreeSet<>();
            for (AclRule rule : rules) {
                assertThat(rule.getOperation()).as("v1 lists operations").isNull();
                assertThat(rule.getType()).isIn(null, AclRuleType.ALLOW);
                String type;
                String name;
                String pattern;
                if (rule.getResource() instanceof AclRuleTopicResource t) {
                    assertThat(topics)
                            .as("%s: topic %s exists", service, t.getName())
                            .contains(t.getName());
                    assertThat(t.getName()).startsWith(prefix);
                    type = "topic";
                    name = t.getName().substring(prefix.length());
                    pattern = t.getPatternType() == null ? "literal" : t.getPatternType().toValue();
                } else if (rule.getResource() instanceof AclRuleGroupResource g) {
                    type = "group";
                    name = g.getName();
                    pattern = g.getPatternType() == null ? "literal" : g.getPatternType().toValue();
                } else {
                    throw new AssertionError(
                            service + ": no ACL on " + rule.getResource() + " is in the matrix");
                }
                for (AclOperation op : rule.getOperations()) {
                    AccessMatrix.Acl acl =
                            new AccessMatrix.Acl(
                                    service,
                                    op.toValue(),
                                    type,
                                    name,
                                    pattern.equals("prefix") ? "prefixed" : pattern);
                    granted.add(acl.key());
                    if (type.equals("topic") && op == AclOperation.WRITE) {
                        written.add(name);
                    }
                }
            }
            assertThat(written)
                    .as("%s writes exactly its own topics", service)
                    .containsExactlyInAnyOrderElementsOf(AccessMatrix.writes(service));
            Set<String> expected =
                    AccessMatrix.keys().stream()
                            .filter(k -> k.startsWith(service + " "))
                            .collect(Collectors.toCollection(java.util.TreeSet::new));
            assertThat(granted).as("%s ACLs", service).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServiceConnectsWithSaslSslAsItsOwnUserAndTrustsTheClusterCa(Path dir) {
        List<Manifests.Resource> resources = Rendered.of(dir);
        String caSecret =
                Manifests.ofType(resources, Kafka.class).get(0).getMetadata().getName()
                        + "-cluster-ca-cert";
        for (String service : AccessMatrix.USERS) {
            Map<String, String> config =
                    Manifests.named(resources, ConfigMap.class, service + "-config").getData();
            assertThat(config)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                    .containsEntry("KD_TOPICS_CREATE", "false")
                    .containsEntry("KD_SECURITY_REQUIRE_PRODUCER_IDENTITY", "true")
                    .doesNotContainKeys("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
            PodSpec pod =
                    Manifests.named(resources, Deployment.class, service)
                            .getSpec()
                            .getTemplate()
                            .getSpec();
            Container c = pod.getContainers().get(0);
            Map<String, io.fabric8.kubernetes.api.model.SecretKeySelector> secrets =
                    c.getEnv().stream()
                            .filter(
                                    e ->
                                            e.getValueFrom() != null
                                                    && e.getValueFrom().getSecretKeyRef() != null)
                            .collect(
                                    Collectors.toMap(
                                            e -> e.getName(),
                                            e -> e.getValueFrom().getSecretKeyRef()));
            assertThat(secrets.get("KAFKA_SASL_JAAS_CONFIG"))
                    .as("%s: its own KafkaUser's Secret", service)
                    .isNotNull()
                    .satisfies(
                            s -> {
                                assertThat(s.getName()).isEqualTo(service);
                                assertThat(s.getKey()).isEqualTo("sasl.jaas.config");
                            });
            assertThat(secrets.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"))
                    .isNotNull()
                    .satisfies(
                            s -> {
                                assertThat(s.getName()).isEqualTo(caSecret);
                                assertThat(s.getKey()).isEqualTo("ca.password");
                            });
            String truststore = config.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            VolumeMount mount =
                    c.getVolumeMounts().stream()
                            .filter(m -> truststore.equals(m.getMountPath() + "/ca.p12"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    service
                                                            + ": nothing mounted at "
                                                            + truststore));
            assertThat(mount.getReadOnly()).isTrue();
            Volume volume =
                    pod.getVolumes().stream()
                            .filter(v -> v.getName().equals(mount.getName()))
                            .findFirst()
                            .orElseThrow();
            assertThat(volume.getSecret()).as("%s: the cluster CA Secret", service).isNotNull();
            assertThat(volume.getSecret().getSecretName()).isEqualTo(caSecret);
            assertThat(volume.getSecret().getItems())
                    .anySatisfy(
                            i -> {
                                assertThat(i.getKey()).isEqualTo("ca.p12");
                                assertThat(i.getPath()).isEqualTo("ca.p12");
                            });
        }
    }

    /** Whether a label selector (matchLabels, matchExpressions) selects pods with these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() == null) {
            return true;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            String value = labels.get(r.getKey());
            boolean ok =
                    switch (r.getOperator()) {
                        case "In" -> value != null && r.getValues().contains(value);
                        case "NotIn" -> value == null || !r.getValues().contains(value);
                        case "Exists" -> value != null;
                        case "DoesNotExist" -> value == null;
                        default -> throw new AssertionError("operator " + r.getOperator());
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
