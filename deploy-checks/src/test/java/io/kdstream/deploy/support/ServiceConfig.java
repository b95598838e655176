package io.kdstream.deploy.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service reads as configuration: its application.properties (prod values, profiles
 * stripped) and the keys of its {@code @ConfigMapping} root ({@link ConfigMappingKeys}).
 *
 * <p>An environment variable reaches a key the way SmallRye Config maps it: every character that is
 * not a letter or a digit becomes {@code _} and letters are upper-cased ({@code
 * kd.teacher.train-limit} is {@code KD_TEACHER_TRAIN_LIMIT}). A {@code ${NAME:default}} expression
 * in a value reads {@code NAME} itself.
 */
public final class ServiceConfig {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern CHANNEL =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    /** A SmallRye Reactive Messaging channel and its attributes (topic, group.id, ...). */
    public record Channel(String direction, String name, Map<String, String> attributes) {

        /** The topic: the {@code topic} attribute, else the channel name. */
        public String topic() {
            return attributes.getOrDefault("topic", name);
        }
    }

    private final String module;
    private final Map<String, String> prodProperties;
    private final List<String> allKeys;
    private final List<String> mappingKeys;
    private final List<String> expressionNames;

    private ServiceConfig(
            String module,
            Map<String, String> prodProperties,
            List<String> allKeys,
            List<String> mappingKeys,
            List<String> expressionNames) {
        this.module = module;
        this.prodProperties = prodProperties;
        this.allKeys = allKeys;
        this.mappingKeys = mappingKeys;
        this.expressionNames = expressionNames;
    }

    /**
     * Reads a service module.
     *
     * @param moduleDir the module folder, e.g. {@code <root>/teacher-service}
     * @return its configuration
     */
    public static ServiceConfig read(Path moduleDir) {
        Path file = moduleDir.resolve("src/main/resources/application.properties");
        String text = Files.isRegularFile(file) ? Repo.read(file) : "";
        String module = moduleDir.getFileName().toString();
        return parse(module, text, ConfigMappingKeys.ofModule(module));
    }

    /**
     * Builds the configuration of a service from its files' contents.
     *
     * @param module the module name
     * @param properties the text of application.properties
     * @param mappingKeys the keys of its {@code @ConfigMapping} interfaces
     * @return the configuration
     */
    public static ServiceConfig parse(String module, String properties, List<String> mappingKeys) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            String value = raw.getProperty(key);
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                expressions.add(m.group(1).trim());
            }
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                String profiles = key.substring(1, dot);
                String bare = key.substring(dot + 1);
                keys.add(bare);
                if (List.of(profiles.split(",")).contains("prod")) {
                    prod.put(bare, value);
                }
            } else {
                keys.add(key);
                prod.putIfAbsent(key, value);
            }
        }
        return new ServiceConfig(
                module,
                prod,
                List.copyOf(keys),
                List.copyOf(mappingKeys),
                List.copyOf(expressions));
    }

    /** The module name, e.g. teacher-service. */
    public String module() {
        return module;
    }

    /** A property as the packaged service (prod profile) sees it in application.properties. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(prodProperties.get(key));
    }

    /** {@code quarkus.application.name}. */
    public String applicationName() {
        return property("quarkus.application.name")
                .orElseThrow(() -> new AssertionError(module + ": no quarkus.application.name"));
    }

    /** {@code quarkus.http.port}. */
    public int httpPort() {
        return Integer.parseInt(
                property("quarkus.http.port")
                        .orElseThrow(() -> new AssertionError(module + ": no quarkus.http.port")));
    }

    /** The keys of the service's {@code @ConfigMapping} interfaces. */
    public List<String> mappingKeys() {
        return mappingKeys;
    }

    /** Names read through {@code ${NAME}} expressions in application.properties. */
    public List<String> expressionNames() {
        return expressionNames;
    }

    /** The messaging channels configured in application.properties (prod values). */
    public List<Channel> channels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        prodProperties.forEach(
                (key, value) -> {
                    Matcher m = CHANNEL.matcher(key);
                    if (m.matches()) {
                        channels.computeIfAbsent(
                                        m.group(1) + "/" + m.group(2),
                                        k ->
                                                new Channel(
                                                        m.group(1),
                                                        m.group(2),
                                                        new LinkedHashMap<>()))
                                .attributes()
                                .put(m.group(3), value);
                    }
                });
        return List.copyOf(channels.values());
    }

    /**
     * Resolves {@code ${key}} and {@code ${key:default}} in a value with this service's properties,
     * the given overrides (e.g. a ConfigMap's environment) and the mapping defaults.
     *
     * @param value the value
     * @param env environment variables in force
     * @param defaults values of keys not set anywhere else, e.g. {@code kd.topics.prefix=kd.}
     * @return the resolved value
     */
    public String resolve(String value, Map<String, String> env, Map<String, String> defaults) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            String resolved = env.get(name);
            if (resolved == null) {
                resolved = env.get(envName(name));
            }
            if (resolved == null) {
                resolved = prodProperties.get(name);
            }
            if (resolved == null) {
                resolved = defaults.get(name);
            }
            if (resolved == null) {
                resolved = m.group(2);
            }
            if (resolved == null) {
                throw new AssertionError(module + ": cannot resolve ${" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(resolved, env, defaults)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Tells whether the service reads an environment variable, and through which key.
     *
     * @param variable an environment variable name
     * @return the key or expression it reaches, empty if the service reads nothing by that name
     */
    public Optional<String> keyForEnv(String variable) {
        for (String name : expressionNames) {
            if (name.equals(variable) || envName(name).equals(variable)) {
                return Optional.of("${" + name + "} in application.properties");
            }
        }
        for (String key : allKeys) {
            if (envName(key).equals(variable)) {
                return Optional.of(key + " in application.properties");
            }
        }
        for (String key : mappingKeys) {
            if (envPattern(key).matcher(variable).matches()) {
                return Optional.of(key + " (@ConfigMapping)");
            }
        }
        return Optional.empty();
    }

    /**
     * Maps a property name to its environment variable, as SmallRye Config does.
     *
     * @param key e.g. {@code kd.topics.prefix}
     * @return e.g. {@code KD_TOPICS_PREFIX}
     */
    public static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Pattern envPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(envName(part)));
        }
        return Pattern.compile(regex.toString());
    }
}
