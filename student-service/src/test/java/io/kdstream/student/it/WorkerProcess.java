package io.kdstream.student.it;

import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A student worker started from the packaged jar ({@code target/quarkus-app/quarkus-run.jar}) as
 * its own process, the way the local run starts two of them.
 *
 * <p>Two workers cannot share the test JVM: DJL's native library loads into one class loader per
 * JVM. Each worker gets the test broker, the test's topic prefix and consumer group, its own HTTP
 * port and an instance id, so progress records name it {@code <host>/<name>}. Its output goes to
 * {@code target/it-workers/<name>.log}.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Pattern WORKER = Pattern.compile("\"worker\":\"([^\"]+)\"");

    /** The share-group lock of test workers: a killed worker's job moves on after this long. */
    public static final int LOCK_TIMEOUT_SECONDS = 10;

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private String workerName;

    private WorkerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a worker and waits until it is ready (its Kafka channels included).
     *
     * @param name the worker's instance id, also its log file's name
     * @param bootstrapServers the test broker
     * @param prefix the test's topic prefix
     * @param group the test's share group for student-jobs
     * @param extraArgs more JVM arguments, e.g. {@code -Dkd.student.delivery-limit=3}
     * @return the running worker
     */
    public static WorkerProcess start(
            String name,
            String bootstrapServers,
            String prefix,
            String group,
            String... extraArgs) {
        int port = freePort();
        Path log = Path.of("target", "it-workers", name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("kd.test.jvm.args", "-Dai.djl.offline=true");
        command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
        command.add("-Xmx512m");
        command.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
        command.add("-Dkd.topics.prefix=" + prefix);
        command.add("-Dkd.student.group=" + group);
        command.add("-Dkd.student.lock-timeout-seconds=" + LOCK_TIMEOUT_SECONDS);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dkd.device=cpu");
        command.add("-Dkd.student.instance-id=" + name);
        command.addAll(Arrays.asList(extraArgs));
        command.add("-jar");
        command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().put("OPT_OUT_TRACKING", "true");
            WorkerProcess worker = new WorkerProcess(name, port, builder.start(), log);
            worker.awaitReady();
            worker.workerName();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    /**
     * This worker's name in progress records, {@code <host>/<instance id>}; read once, so that it
     * is known after the worker is killed.
     */
    public String workerName() {
        if (workerName == null) {
            workerName = match(WORKER, get("/api/worker"));
        }
        return workerName;
    }

    /** The ids of the jobs this worker trains now, from {@code GET /api/worker}. */
    public String jobs() {
        return get("/api/worker");
    }

    /** Kills the worker at once ({@code kill -9}): no status, no release, its locks just expire. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the worker ({@code kill -STOP}), as a long GC pause or a partition would. */
    public void pause() {
        signal("STOP");
    }

    /** Wakes a frozen worker ({@code kill -CONT}). */
    public void resume() {
        signal("CONT");
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    private void signal(String name) {
        try {
            int exit =
                    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                            .inheritIO()
                            .start()
                            .waitFor();
            if (exit != 0) {
                throw new IllegalStateException(
                        "kill -" + name + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the worker as the local run's Ctrl-C does (SIGTERM), and waits for it to exit. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the worker's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return name
                    + ".log:\n"
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return name + ".log unreadable: " + e;
        }
    }

    /** The worker's whole log. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .failFast("worker " + name + " exited: " + logTail(), () -> !process.isAlive())
                .until(() -> status("/q/health/ready") == 200);
    }

    private int status(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected /api/worker answer: " + body);
        }
        return m.group(1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
