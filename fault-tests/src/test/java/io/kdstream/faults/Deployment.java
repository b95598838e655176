package io.kdstream.faults;

import io.kdstream.broker.LocalBroker;
import io.kdstream.broker.testing.TopicRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One machine's kd-stream for a fault scenario: a real KRaft broker ({@link LocalBroker}) and the
 * packaged services as child processes ({@link ServiceProcess}), each with its own log under {@code
 * fault-tests/target/fault-runs/<scenario>/}.
 *
 * <p>The broker keeps its data directory and port across {@link #stopBroker()} and {@link
 * #startBroker()}, so a restart is the same broker coming back, as after an outage. {@link
 * #close()} stops everything, also when a test fails half-way.
 */
final class Deployment implements AutoCloseable {

    private final Path root;
    private final Path runDir;
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalBroker broker;
    private int kafkaPort;
    private TopicRecords topics;

    /**
     * Prepares an empty run directory for a scenario; starts nothing.
     *
     * @param scenario the directory name under {@code target/fault-runs}
     */
    Deployment(String scenario) {
        root = Path.of(System.getProperty("kd.repo.root", "..")).toAbsolutePath().normalize();
        runDir = root.resolve("fault-tests/target/fault-runs").resolve(scenario);
        deleteRecursively(runDir);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker, on the port and data directory of its last start if it had one. */
    void startBroker() {
        broker = LocalBroker.start(runDir.resolve("kafka"), kafkaPort);
        kafkaPort = broker.port();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 10 s); its data stays for the next start. */
    void stopBroker() {
        broker.close();
    }

    /** The broker's address, also while it is stopped. */
    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Plain clients of the broker, for the test's own reads and writes. */
    TopicRecords topics() {
        if (topics == null) {
            topics = new TopicRecords(bootstrapServers());
        }
        return topics;
    }

    /**
     * Starts a service from its packaged jar and waits until it is ready.
     *
     * @param module teacher-service, student-service or evaluator-service
     * @param name a name for its log file, unique in the scenario
     * @param properties system properties ({@code -D}) on top of the packaged configuration
     * @return the running service
     */
    ServiceProcess start(String module, String name, Map<String, String> properties) {
        ServiceProcess s =
                new ServiceProcess(
                        root, module, name, freePort(), runDir, bootstrapServers(), properties);
        services.add(s);
        s.start();
        s.awaitReady();
        return s;
    }

    /**
     * Starts the whole pipeline in the order {@code scripts/run-local.sh} does: the evaluator (its
     * standard experiment's students trained for the given epochs), one student worker, then the
     * teacher on the first training images, which trains and streams at once.
     *
     * @return the evaluator, the worker and the teacher, in that order
     */
    List<ServiceProcess> startPipeline(int studentEpochs, int trainLimit) {
        return List.of(
                start(
                        "evaluator-service",
                        "evaluator",
                        Map.of(
                                "kd.evaluator.standard-experiment.epochs",
                                String.valueOf(studentEpochs))),
                start("student-service", "student", Map.of()),
                start(
                        "teacher-service",
                        "teacher",
                        Map.of("kd.teacher.train-limit", String.valueOf(trainLimit))));
    }

    Path runDir() {
        return runDir;
    }

    @Override
    public void close() {
        for (ServiceProcess s : services) {
            s.stop();
        }
        if (topics != null) {
            topics.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
