package io.kdstream.broker.testing;

import io.kdstream.broker.LocalBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Quarkus test resource that supplies a real Kafka broker through {@code kafka.bootstrap.servers}.
 *
 * <p>Takes the place of a Testcontainers broker, since CI has no container engine. One broker per
 * test JVM is enough: it is started by the first test class that asks for it, in a temporary
 * directory, and reused by every later one. {@link #stop()} therefore leaves it running; it stops
 * when the JVM exits (a shutdown hook, which also deletes the directory) or dies (the broker
 * watches its stdin).
 *
 * <pre>
 * &#64;QuarkusIntegrationTest
 * &#64;WithTestResource(LocalKafkaTestResource.class)
 * class TeacherLogitsIT { ... }
 * </pre>
 */
public class LocalKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** The config key the broker address is returned under. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    // Quarkus may load this class in more than one class loader during a run, so the running
    // broker is also recorded in system properties, which every class loader sees.
    private static final String SHARED_ADDRESS = "kd.local-broker.test.bootstrap-servers";
    private static final String SHARED_PID = "kd.local-broker.test.pid";

    private static LocalBroker broker;

    @Override
    public Map<String, String> start() {
        return Map.of(BOOTSTRAP_SERVERS, sharedBootstrapServers());
    }

    @Override
    public void stop() {
        // Kept for the next test class; see the class comment.
    }

    /** The address of this JVM's test broker, started on first use. */
    public static synchronized String sharedBootstrapServers() {
        if (broker != null && broker.isAlive()) {
            return broker.bootstrapServers();
        }
        Optional<String> startedElsewhere = startedByAnotherClassLoader();
        if (startedElsewhere.isPresent()) {
            return startedElsewhere.get();
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("kd-local-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the test broker", e);
        }
        LocalBroker started = LocalBroker.start(dataDir, 0);
        broker = started;
        System.setProperty(SHARED_ADDRESS, started.bootstrapServers());
        System.setProperty(SHARED_PID, String.valueOf(started.pid()));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    started.close();
                                    deleteTree(dataDir);
                                },
                                "kd-local-broker-cleanup"));
        return started.bootstrapServers();
    }

    private static Optional<String> startedByAnotherClassLoader() {
        String address = System.getProperty(SHARED_ADDRESS);
        String pid = System.getProperty(SHARED_PID);
        if (address == null || pid == null) {
            return Optional.empty();
        }
        boolean alive;
        try {
            alive = ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            alive = false;
        }
        return alive ? Optional.of(address) : Optional.empty();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory; nothing else to do at JVM exit.
        }
    }
}
