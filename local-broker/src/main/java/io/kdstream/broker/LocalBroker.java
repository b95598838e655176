package io.kdstream.broker;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real Kafka broker ({@link BrokerMain}) in a child JVM and stops it again.
 *
 * <p>Uses the JDK only, on purpose: services put this class on their test classpath with every
 * transitive dependency excluded, while the child JVM runs from this module's own build output
 * ({@code local-broker/target/classes} and {@code target/lib/*}). So Scala and the broker's jars
 * never meet a Quarkus classpath.
 *
 * <p>The child's output goes to {@code broker.log} in the data directory. The child stops when
 * {@link #close()} is called, when this JVM exits normally (a shutdown hook), and when this JVM
 * dies in any other way: the child watches its stdin, a pipe only this JVM holds.
 */
public final class LocalBroker implements AutoCloseable {

    /**
     * System property naming the local-broker module directory, when the search does not find it.
     */
    public static final String HOME_PROPERTY = "kd.local-broker.home";

    /** What {@link BrokerMain} logs, followed by host:port, once the broker serves requests. */
    static final String READY_MARKER = "kd-stream local broker ready on ";

    static final String LOG_FILE_NAME = "broker.log";

    /** The secured mode's settings in the data directory, readable by the owner only. */
    static final String SECURITY_FILE_NAME = "security.properties";

    private static final String HOST = "127.0.0.1";
    private static final String MAIN_CLASS = "io.kdstream.broker.BrokerMain";
    private static final String MAIN_CLASS_FILE =
            "target/classes/io/kdstream/broker/BrokerMain.class";
    private static final List<String> JVM_OPTIONS =
            List.of(
                    "-Xms64m",
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-XX:-UsePerfData",
                    "-Djava.awt.headless=true");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;

    private static final System.Logger LOG = System.getLogger(LocalBroker.class.getName());

    private final Process process;
    private final OutputStream stdin;
    private final int port;
    private final Path logFile;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalBroker(Process process, int port, Path logFile, Duration startupTime) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.port = port;
        this.logFile = logFile;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::stop, "kd-local-broker-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a broker and waits until it serves requests.
     *
     * @param dataDir where the broker keeps its configuration, its logs and {@code broker.log}
     * @param port the client port on 127.0.0.1, or 0 for any free port
     * @return the running broker
     * @throws IllegalStateException when the module's classpath is missing or the broker does not
     *     become ready within 60 seconds; the message ends with the tail of the broker's log
     */
    public static LocalBroker start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * Starts a broker in secured mode (see {@link BrokerSecurity}) and waits until it serves
     * requests: its one client listener is SASL_SSL with SCRAM-SHA-512 and ACLs are enforced, so
     * only the super user may do anything until it grants more.
     *
     * @param dataDir as {@link #start(Path, int)}; it also gets the settings file, owner-only
     * @param port as {@link #start(Path, int)}
     * @param security the certificates and the super user, or null for the default PLAINTEXT mode
     * @return the running broker
     */
    public static LocalBroker start(Path dataDir, int port, BrokerSecurity security) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Not a port number: " + port);
        }
        Path home = locateHome();
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException(
                    "Cannot start the local Kafka broker: port "
                            + port
                            + " on "
                            + HOST
                            + " is already in use");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory " + dir, e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(home, dir, port == 0 ? freePort(-1) : port, security);
            } catch (PortTakenException e) {
                // Free ports are picked here and bound later in the child, so another process may
                // take one in between; the controller port is always picked, so retry either way.
                if (attempt >= START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                LOG.log(
                        Level.WARNING,
                        "Local Kafka broker: a port was taken, retrying ({0})",
                        e.getMessage());
            }
        }
    }

    /** The address for {@code bootstrap.servers}: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the broker's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** From launching the child JVM to the broker serving requests. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the broker: SIGTERM, up to 10 s for a clean shutdown, then SIGKILL. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and the hook is running or about to.
        }
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        boolean interrupted = false;
        try {
            if (!waitFor(process, STOP_TIMEOUT)) {
                LOG.log(
                        Level.WARNING,
                        "Local Kafka broker (pid {0}) ignored SIGTERM for {1} s," + " killing it",
                        process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        } finally {
            closeQuietly(stdin);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static LocalBroker launch(Path home, Path dataDir, int port, BrokerSecurity security) {
        Path logFile = dataDir.resolve(LOG_FILE_NAME);
        long logStart;
        try {
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + BrokerMain.LOG4J_CONFIG);
        command.add("-cp");
        command.add(
                home.resolve("target/classes")
                        + File.pathSeparator
                        + home.resolve("target/lib")
                        + File.separator
                        + "*");
        command.add(MAIN_CLASS);
        command.addAll(
                Arrays.asList(
                        "--port",
                        String.valueOf(port),
                        "--controller-port",
                        String.valueOf(freePort(port)),
                        "--data-dir",
                        dataDir.toString(),
                        "--exit-on-stdin-eof"));
        if (security != null) {
            Path file = dataDir.resolve(SECURITY_FILE_NAME);
            security.writeTo(file);
            command.addAll(List.of("--security-file", file.toString()));
        }

        long started = System.nanoTime();
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(dataDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                            // stdin stays a pipe that only this JVM holds: see BrokerMain's
                            // watchdog.
                            .redirectInput(ProcessBuilder.Redirect.PIPE)
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the broker JVM: " + command, e);
        }
        try {
            awaitReady(process, port, logFile, logStart);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(process.getOutputStream());
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        LocalBroker broker = new LocalBroker(process, port, logFile, startupTime);
        LOG.log(
                Level.INFO,
                "Local Kafka broker ready on {0} in {1} ms (pid {2}, log {3})",
                broker.bootstrapServers(),
                startupTime.toMillis(),
                String.valueOf(process.pid()),
                logFile);
        return broker;
    }

    private static void awaitReady(Process process, int port, Path logFile, long logStart) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String marker = READY_MARKER + HOST + ":" + port;
        try {
            while (true) {
                String log = readFrom(logFile, logStart);
                if (log.contains(marker) && accepts(port)) {
                    return;
                }
                if (!process.isAlive()) {
                    String message =
                            "Local Kafka broker exited with code "
                                    + process.exitValue()
                                    + " before it was ready";
                    if (log.contains("Address already in use")) {
                        throw new PortTakenException(failure(message, logFile, log));
                    }
                    throw new IllegalStateException(failure(message, logFile, log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            failure(
                                    "Local Kafka broker (pid "
                                            + process.pid()
                                            + ") was not ready on "
                                            + HOST
                                            + ":"
                                            + port
                                            + " within "
                                            + READY_TIMEOUT.toSeconds()
                                            + " s",
                                    logFile,
                                    log));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while waiting for the local Kafka broker", e);
        }
    }

    /** The failure message with the tail of the broker's log, which also goes to stderr. */
    private static String failure(String message, Path logFile, String log) {
        List<String> lines = log.lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        StringBuilder text =
                new StringBuilder(message).append(". Last lines of ").append(logFile).append(':');
        for (String line : tail) {
            System.err.println("[local-broker] " + line);
            text.append(System.lineSeparator()).append("  ").append(line);
        }
        if (tail.isEmpty()) {
            text.append(" (empty)");
        }
        return text.toString();
    }

    private static String readFrom(Path file, long offset) {
        if (!Files.exists(file)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 16 << 20));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // Fill the buffer.
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean waitFor(Process process, Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The local-broker module directory, holding target/classes and target/lib. */
    static Path locateHome() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path home = Path.of(property).toAbsolutePath().normalize();
            if (!isHome(home)) {
                throw new IllegalStateException(
                        "-D"
                                + HOME_PROPERTY
                                + "="
                                + property
                                + " does not hold a built local-broker module (looked for "
                                + home.resolve(MAIN_CLASS_FILE)
                                + " and Kafka jars in "
                                + home.resolve("target/lib")
                                + "). "
                                + buildHint());
            }
            return home;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        // Inside this module's own build, the class itself comes from target/classes.
        codeSourceHome().ifPresent(candidates::add);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("local-broker")) {
                candidates.add(dir);
            }
            candidates.add(dir.resolve("local-broker"));
        }
        for (Path candidate : candidates) {
            if (isHome(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Cannot find the local Kafka broker's classpath: looked for"
                        + " local-broker/target/classes (with io/kdstream/broker/BrokerMain.class) and"
                        + " local-broker/target/lib (with the Kafka jars) in "
                        + candidates
                        + ". "
                        + buildHint());
    }

    private static String buildHint() {
        return "Build it with `./mvnw -pl local-broker package` (or `./mvnw install` at the root),"
                + " or set -D"
                + HOME_PROPERTY
                + "=<path to the local-broker module>.";
    }

    private static Optional<Path> codeSourceHome() {
        try {
            CodeSource source = LocalBroker.class.getProtectionDomain().getCodeSource();
            if (source == null
                    || source.getLocation() == null
                    || !"file".equals(source.getLocation().getProtocol())) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            // .../local-broker/target/classes or .../local-broker/target/local-broker-<v>.jar
            Path target = location.getParent();
            if (target != null
                    && target.getFileName() != null
                    && target.getFileName().toString().equals("target")
                    && target.getParent() != null) {
                return Optional.of(target.getParent());
            }
        } catch (SecurityException | URISyntaxException | IllegalArgumentException e) {
            // Fall through to the directory search.
        }
        return Optional.empty();
    }

    private static boolean isHome(Path dir) {
        Path lib = dir.resolve("target/lib");
        if (!Files.isRegularFile(dir.resolve(MAIN_CLASS_FILE)) || !Files.isDirectory(lib)) {
            return false;
        }
        try (DirectoryStream<Path> kafka = Files.newDirectoryStream(lib, "kafka_2.13-*.jar")) {
            return kafka.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaExecutable() {
        Path java =
                Path.of(
                        System.getProperty("java.home"),
                        "bin",
                        System.getProperty("os.name", "").startsWith("Windows")
                                ? "java.exe"
                                : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port on 127.0.0.1 other than {@code avoid}. */
    private static int freePort(int avoid) {
        try {
            while (true) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                    if (socket.getLocalPort() != avoid) {
                        return socket.getLocalPort();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The child is gone anyway.
        }
    }

    /** The child could not bind one of its ports. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
