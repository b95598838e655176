package io.kdstream.deploy.support;

import io.kdstream.core.config.ProducerIdentityConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.util.List;
import java.util.Map;

/**
 * The configuration keys a {@code @ConfigMapping} interface declares, as SmallRye Config itself
 * names them ({@link ConfigMappings#getProperties}): the compiled interfaces of the services are on
 * this module's test classpath, so no source is parsed.
 */
public final class ConfigMappingKeys {

    /** Each service's root mapping, by module folder. */
    private static final Map<String, String> ROOTS =
            Map.of(
                    "teacher-service", "io.kdstream.teacher.config.TeacherConfig",
                    "student-service", "io.kdstream.student.config.StudentConfig",
                    "evaluator-service", "io.kdstream.evaluator.config.EvaluatorConfig");

    private ConfigMappingKeys() {}

    /**
     * Lists the keys of a mapping interface.
     *
     * @param mapping an interface annotated with {@code @ConfigMapping}
     * @return keys such as {@code kd.topics.prefix}; a {@code *} segment stands for any name
     */
    public static List<String> of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
        }
        return ConfigMappings.getProperties(
                        ConfigMappings.ConfigClass.configClass(mapping, annotation.prefix()))
                .keySet()
                .stream()
                .sorted()
                .toList();
    }

    /**
     * Lists the keys of a service module's root mapping and of distill-core's own mappings.
     *
     * @param module the module folder name, e.g. {@code teacher-service}
     * @return its keys; empty for a module without one
     */
    public static List<String> ofModule(String module) {
        String root = ROOTS.get(module);
        if (root == null) {
            return List.of();
        }
        try {
            // distill-core's mappings with a prefix of their own, which every service reads
            return java.util.stream.Stream.concat(
                            of(Class.forName(root)).stream(),
                            of(ProducerIdentityConfig.class).stream())
                    .sorted()
                    .toList();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    root + " is not on the test classpath: deploy-checks depends on " + module, e);
        }
    }
}
