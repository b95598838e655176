package io.kdstream.deploy.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's {@code ScaledObject} ({@code keda.sh/v1alpha1}) as a typed model, for validation.
 *
 * <p>No Java model of KEDA's CRDs is published, so this follows the CRD's schema
 * (config/crd/bases/keda.sh_scaledobjects.yaml in kedacore/keda): {@code spec.scaleTargetRef.name}
 * and {@code spec.triggers} (each with {@code type} and {@code metadata}) are required; read with
 * {@link Yaml#STRICT}, any field the CRD does not define fails.
 */
public record ScaledObject(
        @JsonProperty(required = true) String apiVersion,
        @JsonProperty(required = true) String kind,
        @JsonProperty(required = true) ObjectMeta metadata,
        @JsonProperty(required = true) Spec spec) {

    /** Keys the Kafka scaler reads from {@code metadata} (KEDA docs, "Apache Kafka" scaler). */
    /** The metadata keys of KEDA's Prometheus scaler (keda.sh/docs, scalers/prometheus). */
    public static final Set<String> PROMETHEUS_METADATA =
            Set.of(
                    "serverAddress",
                    "query",
                    "queryParameters",
                    "threshold",
                    "activationThreshold",
                    "namespace",
                    "customHeaders",
                    "ignoreNullValues",
                    "unsafeSsl",
                    "timeout",
                    "authModes");

    /** {@code spec}. */
    public record Spec(
            @JsonProperty(required = true) ScaleTargetRef scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            Advanced advanced,
            Fallback fallback,
            @JsonProperty(required = true) List<Trigger> triggers) {}

    /** {@code spec.scaleTargetRef}. */
    public record ScaleTargetRef(
            String apiVersion,
            String kind,
            @JsonProperty(required = true) String name,
            String envSourceContainerName) {}

    /** {@code spec.advanced}. */
    public record Advanced(
            HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
            Boolean restoreToOriginalReplicaCount,
            ScalingModifiers scalingModifiers) {}

    /** {@code spec.advanced.horizontalPodAutoscalerConfig}. */
    public record HorizontalPodAutoscalerConfig(
            String name, HorizontalPodAutoscalerBehavior behavior) {}

    /** {@code spec.advanced.scalingModifiers}. */
    public record ScalingModifiers(
            String formula, String target, String activationTarget, String metricType) {}

    /** {@code spec.fallback}. */
    public record Fallback(
            @JsonProperty(required = true) Integer failureThreshold,
            @JsonProperty(required = true) Integer replicas,
            String behavior) {}

    /** {@code spec.triggers[]}. */
    public record Trigger(
            @JsonProperty(required = true) String type,
            String name,
            Boolean useCachedMetrics,
            String metricType,
            @JsonProperty(required = true) Map<String, String> metadata,
            AuthenticationRef authenticationRef) {}

    /** {@code spec.triggers[].authenticationRef}. */
    public record AuthenticationRef(@JsonProperty(required = true) String name, String kind) {}
}
