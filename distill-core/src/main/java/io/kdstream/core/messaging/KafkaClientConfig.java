package io.kdstream.core.messaging;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The settings every Kafka client of a service shares: the broker's address and how to reach it
 * securely.
 *
 * <p>Why it exists: SmallRye Reactive Messaging hands every {@code kafka.}-prefixed key to each
 * channel, but a client built by hand ({@link TopicProvisioner}, {@link TopicReader}, {@link
 * ShareGroupLag}, the student's share consumer, the evaluator's offset look-up, {@code TopicDump})
 * gets only what its code puts in. With this class they all read the same keys, so one setting
 * ({@code kafka.security.protocol} or {@code KAFKA_SECURITY_PROTOCOL}, and so on) secures channels
 * and hand-built clients alike.
 *
 * <p>The keys are {@code kafka.bootstrap.servers} (required) and the {@code kafka.}-prefixed form
 * of each of {@link #SECURITY_KEYS} (each optional, copied only when set). A client adds its own
 * settings (group, deserializers, timeouts) to {@link #properties()}. {@link #toString()} masks the
 * secrets ({@link #SECRET_KEYS}), so the object may be logged.
 */
public final class KafkaClientConfig {

    /** The prefix of the keys in a service's configuration, as SmallRye Kafka reads them. */
    public static final String PREFIX = "kafka.";

    /** The Kafka client key of the broker's address. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    /** The Kafka client keys of TLS and SASL that are copied when set. */
    public static final List<String> SECURITY_KEYS =
            List.of(
                    "security.protocol",
                    "sasl.mechanism",
                    "sasl.jaas.config",
                    "ssl.truststore.location",
                    "ssl.truststore.password",
                    "ssl.truststore.type",
                    "ssl.keystore.location",
                    "ssl.keystore.password",
                    "ssl.keystore.type",
                    "ssl.key.password",
                    "ssl.endpoint.identification.algorithm");

    /** The keys whose values are secrets: never printed. */
    public static final Set<String> SECRET_KEYS =
            Set.of(
                    "sasl.jaas.config",
                    "ssl.truststore.password",
                    "ssl.keystore.password",
                    "ssl.key.password");

    private static final String HIDDEN = "[hidden]";

    private final String bootstrapServers;
    private final Map<String, String> security;

    private KafkaClientConfig(String bootstrapServers, Map<String, String> security) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "no Kafka address: set "
                            + PREFIX
                            + BOOTSTRAP_SERVERS
                            + " / "
                            + environmentName(PREFIX + BOOTSTRAP_SERVERS));
        }
        this.bootstrapServers = bootstrapServers;
        this.security = Collections.unmodifiableMap(new TreeMap<>(security));
    }

    /**
     * Creates the settings of a broker reached without TLS or SASL (PLAINTEXT), as in tests.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @return the settings
     */
    public static KafkaClientConfig of(String bootstrapServers) {
        return new KafkaClientConfig(bootstrapServers, Map.of());
    }

    /**
     * Creates the settings from a broker address and the security keys a look-up has.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @param lookup gives the value of a {@code kafka.}-prefixed key, e.g. {@code
     *     kafka.security.protocol}; a blank value counts as absent
     * @return the settings
     */
    public static KafkaClientConfig of(
            String bootstrapServers, Function<String, Optional<String>> lookup) {
        Map<String, String> security = new TreeMap<>();
        for (String key : SECURITY_KEYS) {
            value(lookup, PREFIX + key).ifPresent(v -> security.put(key, v));
        }
        return new KafkaClientConfig(bootstrapServers, security);
    }

    /**
     * Creates the settings from a look-up of {@code kafka.}-prefixed keys.
     *
     * @param lookup gives the value of a key, e.g. {@code kafka.bootstrap.servers}; a blank value
     *     counts as absent
     * @return the settings
     * @throws IllegalArgumentException if {@code kafka.bootstrap.servers} is not set
     */
    public static KafkaClientConfig from(Function<String, Optional<String>> lookup) {
        return of(value(lookup, PREFIX + BOOTSTRAP_SERVERS).orElse(null), lookup);
    }

    /**
     * Creates the settings from a service's MicroProfile configuration: the same keys SmallRye
     * Kafka hands to every channel, from {@code application.properties}, system properties or the
     * environment ({@code KAFKA_SECURITY_PROTOCOL} for {@code kafka.security.protocol}).
     *
     * @param config the service's configuration
     * @return the settings
     * @throws IllegalArgumentException if {@code kafka.bootstrap.servers} is not set
     */
    public static KafkaClientConfig from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    /**
     * Returns a look-up of {@code kafka.}-prefixed keys in environment variables, named as
     * MicroProfile Config names them: {@code kafka.ssl.truststore.location} is {@code
     * KAFKA_SSL_TRUSTSTORE_LOCATION}. For plain-Java tools, which have no MicroProfile Config.
     *
     * @param environment the variables, e.g. {@code System.getenv()}
     * @return the look-up
     */
    public static Function<String, Optional<String>> environment(Map<String, String> environment) {
        return key -> Optional.ofNullable(environment.get(environmentName(key)));
    }

    /**
     * Returns the environment variable that MicroProfile Config reads for a key.
     *
     * @param key a key such as {@code kafka.security.protocol}
     * @return its variable, such as {@code KAFKA_SECURITY_PROTOCOL}
     */
    public static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Optional<String> value(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * Returns the Kafka bootstrap servers, for messages and for clients built by other libraries.
     *
     * @return the address list
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the value of one security key, if set.
     *
     * @param key one of {@link #SECURITY_KEYS}, without the prefix
     * @return its value
     */
    public Optional<String> security(String key) {
        return Optional.ofNullable(security.get(key));
    }

    /**
     * Returns the properties to start a client with: {@code bootstrap.servers} and every security
     * key that is set. The caller adds its own settings to the copy it gets.
     *
     * @return a new, mutable copy
     */
    public Properties properties() {
        Properties props = new Properties();
        props.put(BOOTSTRAP_SERVERS, bootstrapServers);
        props.putAll(security);
        return props;
    }

    /**
     * Returns the same settings with another broker address, as for a tool's {@code
     * --bootstrap-server} option.
     *
     * @param servers the Kafka bootstrap servers
     * @return the settings
     */
    public KafkaClientConfig withBootstrapServers(String servers) {
        return new KafkaClientConfig(servers, security);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientConfig other
                && bootstrapServers.equals(other.bootstrapServers)
                && security.equals(other.security);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, security);
    }

    /** The settings with every secret replaced by {@code [hidden]}: safe to log. */
    @Override
    public String toString() {
        String keys =
                security.entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + (SECRET_KEYS.contains(e.getKey())
                                                        ? HIDDEN
                                                        : e.getValue()))
                        .collect(Collectors.joining(", "));
        return BOOTSTRAP_SERVERS
                + "="
                + bootstrapServers
                + (keys.isEmpty() ? " (no security settings: PLAINTEXT)" : ", " + keys);
    }
}
