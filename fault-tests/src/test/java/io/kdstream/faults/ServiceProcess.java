package io.kdstream.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdstream.broker.testing.PackagedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A kd-stream service started from its packaged jar ({@code target/quarkus-app/quarkus-run.jar}),
 * exactly as {@code scripts/run-local.sh} starts it, that a scenario can kill, stop and start again
 * on the same port.
 */
final class ServiceProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /** The API password every service of these tests runs with (KD_API_PASSWORD, user kd). */
    static final String API_PASSWORD = "kd-fault-tests";

    private final Path root;
    private final String module;
    private final String name;
    private final int port;
    private final Path runDir;
    private final String bootstrapServers;
    private final Map<String, String> properties;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    ServiceProcess(
            Path root,
            String module,
            String name,
            int port,
            Path runDir,
            String bootstrapServers,
            Map<String, String> properties) {
        this.root = root;
        this.module = module;
        this.name = name;
        this.port = port;
        this.runDir = runDir;
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
    }

    /**
     * Starts the JVM; each start logs to a file of its own ({@code name.log}, {@code name-2.log}).
     */
    void start() {
        starts++;
        ProcessBuilder pb =
                PackagedService.processBuilder(root, module, properties, port, logFile());
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KD_API_PASSWORD", API_PASSWORD);
        env.put("MALLOC_MMAP_THRESHOLD_", "33554432");
        env.put("MALLOC_TRIM_THRESHOLD_", "1073741824");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits for {@code /q/health/ready} to answer 200. */
    void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; log:\n" + logTail());
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(
                name + " not ready after " + READY_TIMEOUT + ":\n" + logTail());
    }

    /** {@code kill -9}: no shutdown hook, no clean close of anything. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM, as {@code docker stop} sends; SIGKILL after 30 s.
     *
     * @return the exit status: 0 after an orderly stop (CleanExitOnSigterm), 137 when it had to be
     *     killed; -1 when it was not running
     */
    int stop() {
        if (process == null || !process.isAlive()) {
            return -1;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        return process.exitValue();
    }

    @Override
    public String toString() {
        return name;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a JSON document; fails on any status but 200. */
    JsonNode getJson(String path) {
        HttpResponse<String> r = send(request(path).GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether this evaluator serves a comparison that is complete ({@code GET /api/comparisons}).
     */
    boolean hasCompleteComparison() {
        return getJson("/api/comparisons").toString().contains("\"complete\":true");
    }

    /** POSTs a body as JSON without credentials and returns the answer, whatever its status. */
    HttpResponse<String> postJsonAnonymously(String path, String body) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** POSTs a body as JSON as API user kd and returns the answer, whatever its status. */
    HttpResponse<String> postJson(String path, String body) {
        byte[] credentials = ("kd:" + API_PASSWORD).getBytes(StandardCharsets.UTF_8);
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString(credentials))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Every line of every start's log. */
    String allLogs() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                b.append(Files.readString(logFile(i)));
            } catch (IOException e) {
                // a start that wrote nothing
            }
        }
        return b.toString();
    }

    String name() {
        return name;
    }

    private Path logFile() {
        return logFile(starts);
    }

    private Path logFile(int start) {
        return runDir.resolve(start <= 1 ? name + ".log" : name + "-" + start + ".log");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
