package io.kdstream.deploy.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.crdgenerator.annotations.Maximum;
import io.strimzi.crdgenerator.annotations.Minimum;
import io.strimzi.crdgenerator.annotations.PresentInVersions;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Renders kustomizations and reads every object into its typed model, strictly.
 *
 * <p>Each kind kd-stream deploys has one class: the Fabric8 Kubernetes model for the core kinds,
 * Strimzi's own API model for {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic} and {@code
 * KafkaUser}, and {@link ScaledObject} for KEDA. A kind without a class is an error, so nothing
 * escapes validation. After reading, {@link #violations} walks the object for required properties
 * ({@code @JsonProperty(required = true)}), Strimzi's per-version properties
 * ({@code @PresentInVersions}) and bounds ({@code @Minimum}, {@code @Maximum}, {@code @Pattern}).
 */
public final class Manifests {

    /** One rendered object: its plain form and its typed form. */
    public record Resource(
            String apiVersion, String kind, String name, Map<String, Object> raw, Object typed) {}

    private static final Map<String, Class<?>> TYPES =
            Map.of(
                    "v1/ConfigMap", ConfigMap.class,
                    "v1/Service", Service.class,
                    "v1/Namespace", Namespace.class,
                    "apps/v1/Deployment", Deployment.class,
                    "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
                    "kafka.strimzi.io/v1/Kafka", Kafka.class,
                    "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
                    "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class,
                    "kafka.strimzi.io/v1/KafkaUser", KafkaUser.class,
                    "keda.sh/v1alpha1/ScaledObject", ScaledObject.class);

    private Manifests() {}

    /**
     * Renders a kustomization with {@code kustomize build} or {@code kubectl kustomize}.
     *
     * @param dir the folder holding kustomization.yaml
     * @return the rendered YAML stream
     * @throws IllegalStateException if neither tool is installed
     */
    public static String render(Path dir) {
        List<String> command =
                Tools.kustomizeCommand(dir)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "neither kustomize nor kubectl is installed"));
        Tools.Result result = Tools.run(dir, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + result.stderr());
        }
        return result.stdout();
    }

    /**
     * Reads every document of a rendered stream into its typed model.
     *
     * @param yaml the rendered stream
     * @return the resources, in order
     * @throws AssertionError naming the object if a kind is unknown or a field does not fit its
     *     schema
     */
    public static List<Resource> read(String yaml) {
        List<Resource> out = new ArrayList<>();
        for (Map<String, Object> doc : Yaml.documents(yaml)) {
            String apiVersion = String.valueOf(doc.get("apiVersion"));
            String kind = String.valueOf(doc.get("kind"));
            String name = String.valueOf(Yaml.<Object>at(doc, "metadata", "name"));
            String id = apiVersion + "/" + kind;
            Class<?> type = TYPES.get(id);
            if (type == null) {
                throw new AssertionError(
                        kind
                                + " "
                                + name
                                + ": no typed model for "
                                + id
                                + " (known: "
                                + TYPES.keySet()
                                + ")");
            }
            Object typed;
            try {
                typed = Yaml.STRICT.convertValue(doc, type);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(
                        kind
                                + " "
                                + name
                                + " does not fit "
                                + type.getName()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            List<String> problems =
                    violations(typed, apiVersion.substring(apiVersion.indexOf('/') + 1));
            problems.addAll(servedVersion(type, apiVersion));
            if (!problems.isEmpty()) {
                throw new AssertionError(kind + " " + name + ": " + String.join("; ", problems));
            }
            out.add(new Resource(apiVersion, kind, name, doc, typed));
        }
        return out;
    }

    /** A Strimzi kind must serve the version asked for (Kafka.VERSIONS lists v1 and v1beta2). */
    private static List<String> servedVersion(Class<?> type, String apiVersion) {
        try {
            Field versions = type.getField("VERSIONS");
            List<?> served = (List<?>) versions.get(null);
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (!served.contains(version)) {
                return new ArrayList<>(
                        List.of(
                                apiVersion
                                        + " is not served by "
                                        + type.getSimpleName()
                                        + " "
                                        + served));
            }
        } catch (NoSuchFieldException e) {
            // not a Strimzi kind
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>();
    }

    /**
     * Walks a typed object for missing required properties, properties absent from the object's API
     * version and values out of bounds.
     *
     * @param typed the object
     * @param version the API version, e.g. v1
     * @return the problems, as property paths with reasons
     */
    public static List<String> violations(Object typed, String version) {
        List<String> problems = new ArrayList<>();
        walk(typed, "", version, problems, new IdentityHashMap<>());
        return problems;
    }

    private static void walk(
            Object node,
            String path,
            String version,
            List<String> problems,
            Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", version, problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, version, problems, seen));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8")
                || pkg.startsWith("io.strimzi")
                || pkg.startsWith("io.kdstream"))) {
            return;
        }
        if (node.getClass().isRecord()) {
            for (RecordComponent component : node.getClass().getRecordComponents()) {
                Object value = invoke(component.getAccessor(), node);
                check(component.getAccessor(), component.getName(), value, path, version, problems);
                walk(value, path + "." + component.getName(), version, problems, seen);
            }
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            String property = propertyName(getter);
            if (property == null) {
                continue;
            }
            Object value = invoke(getter, node);
            check(getter, property, value, path, version, problems);
            walk(value, path + "." + property, version, problems, seen);
        }
    }

    private static void check(
            Method getter,
            String property,
            Object value,
            String path,
            String version,
            List<String> problems) {
        String where = (path + "." + property).substring(1);
        JsonProperty json = annotation(getter, property, JsonProperty.class);
        if (json != null
                && json.required()
                && (value == null || value instanceof Collection<?> c && c.isEmpty())) {
            problems.add(where + " is required");
        }
        PresentInVersions present = annotation(getter, property, PresentInVersions.class);
        if (present != null && value != null && !inRange(version, present.value())) {
            problems.add(
                    where + " does not exist in " + version + " (only " + present.value() + ")");
        }
        Minimum min = annotation(getter, property, Minimum.class);
        if (min != null
                && value instanceof Number n
                && applies(version, min.apiVersions())
                && n.doubleValue() < min.value()) {
            problems.add(where + " = " + n + " is below the minimum " + min.value());
        }
        Maximum max = annotation(getter, property, Maximum.class);
        if (max != null
                && value instanceof Number n
                && applies(version, max.apiVersions())
                && n.doubleValue() > max.value()) {
            problems.add(where + " = " + n + " is above the maximum " + max.value());
        }
        io.strimzi.crdgenerator.annotations.Pattern pattern =
                annotation(getter, property, io.strimzi.crdgenerator.annotations.Pattern.class);
        if (pattern != null
                && value instanceof String s
                && applies(version, pattern.apiVersions())
                && !java.util.regex.Pattern.compile(pattern.value()).matcher(s).find()) {
            problems.add(where + " = '" + s + "' does not match " + pattern.value());
        }
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(
            Method getter, String property, Class<A> type) {
        A onGetter = getter.getAnnotation(type);
        if (onGetter != null) {
            return onGetter;
        }
        for (Class<?> c = getter.getDeclaringClass();
                c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && field.getName().equals(property)) {
                    A onField = field.getAnnotation(type);
                    if (onField != null) {
                        return onField;
                    }
                }
            }
        }
        return null;
    }

    private static String propertyName(Method m) {
        if (m.getParameterCount() != 0
                || Modifier.isStatic(m.getModifiers())
                || m.getDeclaringClass() == Object.class
                || m.isAnnotationPresent(JsonIgnore.class)) {
            return null;
        }
        String name = m.getName();
        String bare;
        if (name.startsWith("get") && name.length() > 3) {
            bare = name.substring(3);
        } else if (name.startsWith("is")
                && name.length() > 2
                && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
            bare = name.substring(2);
        } else {
            return null;
        }
        if (bare.equals("AdditionalProperties") || bare.equals("Class")) {
            return null;
        }
        JsonProperty json = m.getAnnotation(JsonProperty.class);
        if (json != null && !json.value().isEmpty()) {
            return json.value();
        }
        return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // computed getters that fail on a partial object are not properties
        }
    }

    private static boolean applies(String version, String apiVersions) {
        return apiVersions == null || apiVersions.isEmpty() || inRange(version, apiVersions);
    }

    /**
     * Tells whether an API version is in one of Strimzi's version ranges: {@code v1beta2}, {@code
     * v1beta2+}, {@code v1alpha1-v1beta2}, {@code all} or {@code none}, comma-separated.
     *
     * @param version e.g. v1
     * @param ranges e.g. v1beta2
     * @return whether it is included
     */
    public static boolean inRange(String version, String ranges) {
        for (String range : ranges.split(",")) {
            String r = range.strip();
            if (r.equals("all")) {
                return true;
            }
            if (r.equals("none") || r.isEmpty()) {
                continue;
            }
            if (r.endsWith("+")) {
                if (compare(version, r.substring(0, r.length() - 1)) >= 0) {
                    return true;
                }
            } else if (r.contains("-")) {
                String[] bounds = r.split("-");
                if (compare(version, bounds[0]) >= 0 && compare(version, bounds[1]) <= 0) {
                    return true;
                }
            } else if (compare(version, r) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Orders Kubernetes API versions: v1alpha1 &lt; v1beta1 &lt; v1beta2 &lt; v1 &lt; v2alpha1. */
    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] parse(String version) {
        Matcher m =
                java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?")
                        .matcher(version.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not an API version: " + version);
        }
        int stage = m.group(2) == null ? 2 : m.group(2).equals("beta") ? 1 : 0;
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new int[] {Integer.parseInt(m.group(1)), stage, minor};
    }

    /**
     * Selects the resources of one kind.
     *
     * @param resources the rendered resources
     * @param type the typed class
     * @return the typed objects of that class
     */
    public static <T> List<T> ofType(List<Resource> resources, Class<T> type) {
        return resources.stream()
                .map(Resource::typed)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /**
     * Finds one named object of a kind.
     *
     * @param resources the rendered resources
     * @param type the typed class
     * @param name its metadata.name
     * @return the object
     */
    public static <T extends HasMetadata> T named(
            List<Resource> resources, Class<T> type, String name) {
        return ofType(resources, type).stream()
                .filter(r -> name.equals(r.getMetadata().getName()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** Kinds with a typed model. */
    public static Set<String> knownKinds() {
        return TYPES.keySet();
    }
}
