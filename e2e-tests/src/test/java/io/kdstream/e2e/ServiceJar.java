package io.kdstream.e2e;

import io.kdstream.broker.testing.PackagedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service started from its packaged jar ({@code target/quarkus-app/quarkus-run.jar}) with the JVM
 * flags of {@code scripts/run-local.sh}, its Kafka settings given only through the environment, as
 * a container gets them. Its log is {@code <name>.log} in the run directory.
 */
final class ServiceJar implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceJar(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a service; returns at once (see {@link #awaitReady()}).
     *
     * @param root the repository root
     * @param module teacher-service, student-service or evaluator-service
     * @param runDir where the log goes
     * @param env environment variables on top of this JVM's (KAFKA_*, KD_*)
     * @param properties system properties ({@code -D})
     */
    static ServiceJar start(
            Path root,
            String module,
            Path runDir,
            Map<String, String> env,
            Map<String, String> properties) {
        int port = freePort();
        Path log = runDir.resolve(module + ".log");
        ProcessBuilder pb = PackagedService.processBuilder(root, module, properties, port, log);
        pb.environment().putAll(env);
        try {
            return new ServiceJar(module, port, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    /** Waits for {@code /q/health/ready}: every Kafka channel of the service is connected. */
    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; log:\n" + logText());
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                name + " not ready after " + READY_TIMEOUT + ":\n" + logText());
    }

    /** GETs a path and returns the body, or null unless it answered 200. */
    String get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    boolean exited() {
        return !process.isAlive();
    }

    String name() {
        return name;
    }

    /** SIGTERM, SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private int status(String path) throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
