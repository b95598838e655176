package io.kdstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a single-node Apache Kafka broker in KRaft combined mode (broker and controller in one JVM).
 *
 * <p>It writes {@code server.properties} into the data directory, formats the storage the way
 * {@code kafka-storage.sh format} does, and then hands over to {@code kafka.Kafka}, the class that
 * {@code kafka-server-start.sh} runs. A daemon thread logs {@value LocalBroker#READY_MARKER} once
 * the broker answers a metadata request; {@link LocalBroker} waits for that line.
 *
 * <p>By default the one client listener is PLAINTEXT on 127.0.0.1, as the local run and most tests
 * use it. With {@code --security-file} (written by {@link LocalBroker} from a {@link
 * BrokerSecurity}) it is SASL_SSL with SCRAM-SHA-512 and every request needs an ACL: see {@link
 * #securedListeners}.
 *
 * <p>{@link LocalBroker} starts this class in a child JVM with {@code --exit-on-stdin-eof} and
 * keeps the child's stdin open. When the parent dies, even by {@code kill -9}, the pipe closes and
 * the broker exits, so no broker outlives the JVM that started it. Started by hand, without the
 * flag, the broker runs until it is stopped:
 *
 * <pre>
 * java -cp 'local-broker/target/classes:local-broker/target/lib/*' io.kdstream.broker.BrokerMain \
 *     --port 9092 --data-dir runs/kafka
 * </pre>
 */
public final class BrokerMain {

    /** Default log4j configuration, on this module's classpath. */
    static final String LOG4J_CONFIG = "classpath:kd-local-broker-log4j2.xml";

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofMinutes(5);

    /** How long Kafka's shutdown hook may run after the launcher is gone before the JVM halts. */
    private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);

    private BrokerMain() {}

    public static void main(String[] args) {
        // Before the first logger exists, so that Log4j picks our configuration.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG4J_CONFIG);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        Logger log = LoggerFactory.getLogger(BrokerMain.class);
        if (options.exitOnStdinEof) {
            startStdinWatchdog(log);
        }
        try {
            Path dataDir = options.dataDir.toAbsolutePath().normalize();
            Path logDir = dataDir.resolve("kraft-combined-logs");
            Files.createDirectories(logDir);
            int port = options.port == 0 ? freePort() : options.port;
            int controllerPort =
                    options.controllerPort == 0 ? freePort(port) : options.controllerPort;
            BrokerSecurity security =
                    options.securityFile == null
                            ? null
                            : BrokerSecurity.readFrom(options.securityFile);
            Path serverProperties =
                    writeServerProperties(dataDir, logDir, port, controllerPort, security);
            formatStorage(serverProperties, clusterId(logDir), security);
            startReadyProbe(port, security, log);
            // Blocks until the broker shuts down, then exits the JVM.
            kafka.Kafka.main(new String[] {serverProperties.toString()});
        } catch (Throwable t) {
            log.error("kd-stream local broker failed to start", t);
            System.exit(1);
        }
    }

    /**
     * The plaintext configuration, as {@link #writeServerProperties(Path, Path, int, int,
     * BrokerSecurity)} with no security.
     */
    static Path writeServerProperties(Path dataDir, Path logDir, int port, int controllerPort)
            throws IOException {
        return writeServerProperties(dataDir, logDir, port, controllerPort, null);
    }

    /**
     * Writes the single-node KRaft configuration; rewritten on every start since ports may change.
     *
     * @param security null for the default PLAINTEXT listener, else the secured mode's settings
     */
    static Path writeServerProperties(
            Path dataDir, Path logDir, int port, int controllerPort, BrokerSecurity security)
            throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        // Static quorum of one voter: formatted without --standalone, the voter set is not stored
        // in
        // the metadata log, so a restart may use another controller port.
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.put(
                "listeners",
                "PLAINTEXT://"
                        + HOST
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "true");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        // Internal topics: one replica on one node, and few partitions so that the first consumer
        // group or transaction does not wait for 50 partitions to be created.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("share.coordinator.state.topic.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Share groups (the student workers' queue) are on in a 4.4 cluster formatted with its
        // defaults (share.version=2). Their acquisition locks may be as short as 1 s here, so that
        // tests see a killed worker's job move on in seconds; a production broker allows 15 to 60
        // s.
        config.put("group.share.min.record.lock.duration.ms", "1000");
        // The log cleaner (compaction of __consumer_offsets) takes a 128 MiB heap buffer by
        // default;
        // 16 MiB is plenty for a local run and keeps the broker's footprint small.
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 << 20));
        if (security != null) {
            config.putAll(securedListeners(port, controllerPort, security));
        }

        StringBuilder text = new StringBuilder();
        text.append("# Written by io.kdstream.broker.BrokerMain on every start; edits are lost.\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        if (security != null) {
            // it holds the super user's and the key store's passwords
            BrokerSecurity.ownerOnly(file);
        }
        return file;
    }

    /**
     * The secured mode's keys, replacing the PLAINTEXT listeners: clients and the broker itself
     * (inter-broker) on SASL_SSL with SCRAM-SHA-512, every request authorized by ACLs.
     *
     * <p>The KRaft controller listener cannot use SCRAM: SCRAM credentials live in the metadata log
     * the controller serves, so the controller must be reachable before any of them can be read. It
     * stays on 127.0.0.1 with SASL/PLAIN over plaintext, the super user's password given statically
     * here ({@code user_<name>}); only this JVM's broker half connects to it.
     */
    static Map<String, String> securedListeners(
            int port, int controllerPort, BrokerSecurity security) {
        String scram = BrokerSecurity.SCRAM_MECHANISM;
        String user = security.superUser();
        String password = security.superUserPassword();
        Map<String, String> config = new LinkedHashMap<>();
        config.put(
                "listeners",
                "SASL_SSL://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", "SASL_SSL://" + HOST + ":" + port);
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        config.put("inter.broker.listener.name", "SASL_SSL");
        config.put("sasl.mechanism.inter.broker.protocol", scram);
        config.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", scram);
        config.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                BrokerSecurity.scramJaasConfig(user, password));
        config.put("sasl.mechanism.controller.protocol", "PLAIN");
        config.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        config.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\" user_"
                        + user
                        + "=\""
                        + password
                        + "\";");
        config.put("ssl.keystore.location", security.keystore().toString());
        config.put("ssl.keystore.password", security.keystorePassword());
        config.put("ssl.key.password", security.keystorePassword());
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.truststore.location", security.truststore().toString());
        config.put("ssl.truststore.password", security.truststorePassword());
        config.put("ssl.truststore.type", "PKCS12");
        // clients authenticate with SCRAM, not with certificates
        config.put("ssl.client.auth", "none");
        config.put(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("super.users", security.superUserPrincipal());
        // only the super user may create topics: no client may create one by reading it
        config.put("auto.create.topics.enable", "false");
        return config;
    }

    /** The id the storage was formatted with, or a new one for empty storage. */
    static String clusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String id = properties.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return id.trim();
            }
        }
        return Uuid.randomUuid().toString();
    }

    /**
     * Same as {@code kafka-storage.sh format -t <id> -c <file> --ignore-formatted}, but through
     * {@code StorageTool.execute}, which returns the exit code instead of calling System.exit.
     */
    static void formatStorage(Path serverProperties, String clusterId) {
        formatStorage(serverProperties, clusterId, null);
    }

    /**
     * As {@link #formatStorage(Path, String)}; in secured mode also {@code --add-scram} for the
     * super user, whose credential must exist before the broker can log in to itself. On storage
     * formatted before, the credential stored then stays.
     */
    static void formatStorage(Path serverProperties, String clusterId, BrokerSecurity security) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "format",
                                "-t",
                                clusterId,
                                "-c",
                                serverProperties.toString(),
                                "--ignore-formatted"));
        if (security != null) {
            args.add("--add-scram");
            args.add(
                    BrokerSecurity.SCRAM_MECHANISM
                            + "=[name="
                            + security.superUser()
                            + ",password="
                            + security.superUserPassword()
                            + "]");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = kafka.tools.StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed with exit code "
                            + exitCode
                            + ": "
                            + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** Logs the ready line once the broker accepts connections and answers a metadata request. */
    private static void startReadyProbe(int port, BrokerSecurity security, Logger log) {
        Thread probe =
                new Thread(
                        () -> {
                            long deadline = System.nanoTime() + READY_PROBE_TIMEOUT.toNanos();
                            try {
                                // Plain TCP first, so the admin client does not log failed
                                // connection attempts while the listener is not bound yet.
                                while (!accepts(port)) {
                                    if (System.nanoTime() > deadline) {
                                        log.error("Broker port {} never opened", port);
                                        return;
                                    }
                                    TimeUnit.MILLISECONDS.sleep(50);
                                }
                                if (answersMetadata(port, security, deadline)) {
                                    log.info(LocalBroker.READY_MARKER + HOST + ":" + port);
                                } else {
                                    log.error(
                                            "Broker on port {} did not answer metadata requests",
                                            port);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "kd-ready-probe");
        probe.setDaemon(true);
        probe.start();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answersMetadata(int port, BrokerSecurity security, long deadline)
            throws InterruptedException {
        Properties config = new Properties();
        if (security != null) {
            // the probe logs in as the super user, as any client must on the SASL_SSL listener
            config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
            config.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
            config.put(
                    "sasl.jaas.config",
                    BrokerSecurity.scramJaasConfig(
                            security.superUser(), security.superUserPassword()));
            config.put("ssl.truststore.location", security.truststore().toString());
            config.put("ssl.truststore.password", security.truststorePassword());
            config.put("ssl.truststore.type", "PKCS12");
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kd-ready-probe");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // Not serving yet: try again.
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return false;
        }
    }

    /**
     * Stops the JVM when stdin reaches end of file, that is when the launching process is gone.
     * Kafka's shutdown hook gets {@link #WATCHDOG_GRACE} to close the logs cleanly.
     */
    private static void startStdinWatchdog(Logger log) {
        Thread watchdog =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[256];
                            try (InputStream in = System.in) {
                                while (in.read(buffer) >= 0) {
                                    // Nothing is ever sent; only the end of the stream matters.
                                }
                            } catch (IOException e) {
                                // A broken pipe means the same as end of file.
                            }
                            log.info("stdin closed (launcher stopped or gone): stopping");
                            Thread halt =
                                    new Thread(
                                            () -> {
                                                try {
                                                    Thread.sleep(WATCHDOG_GRACE.toMillis());
                                                } catch (InterruptedException ignored) {
                                                    // Halt anyway.
                                                }
                                                Runtime.getRuntime().halt(0);
                                            },
                                            "kd-stdin-watchdog-halt");
                            halt.setDaemon(true);
                            halt.start();
                            System.exit(0);
                        },
                        "kd-stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static int freePort(int... avoid) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int port = socket.getLocalPort();
                if (avoid.length == 0 || avoid[0] != port) {
                    return port;
                }
            }
        }
    }

    /** Command-line options; each falls back to a {@code kd.broker.*} system property. */
    static final class Options {
        static final String USAGE =
                "Usage: BrokerMain --data-dir DIR [--port PORT] [--controller-port PORT]"
                        + " [--security-file FILE] [--exit-on-stdin-eof]\n"
                        + "  --data-dir DIR        server.properties and the Kafka logs"
                        + " (kd.broker.data-dir)\n"
                        + "  --port PORT           PLAINTEXT listener on 127.0.0.1, default 9092,"
                        + " 0 for any free port (kd.broker.port)\n"
                        + "  --controller-port P   KRaft controller listener, default any free port"
                        + " (kd.broker.controller-port)\n"
                        + "  --security-file FILE  secured mode (SASL_SSL, SCRAM-SHA-512, ACLs): the"
                        + " settings LocalBroker writes from a BrokerSecurity\n"
                        + "  --exit-on-stdin-eof   stop when stdin closes (used by LocalBroker)";

        Path dataDir;
        int port;
        int controllerPort;
        Path securityFile;
        boolean exitOnStdinEof;

        /** Parsed options, or null when help was asked for. */
        static Options parse(String[] args) {
            Options options = new Options();
            String dataDir = System.getProperty("kd.broker.data-dir");
            String port = System.getProperty("kd.broker.port", "9092");
            String controllerPort = System.getProperty("kd.broker.controller-port", "0");
            String securityFile = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--exit-on-stdin-eof" -> options.exitOnStdinEof = true;
                    case "--data-dir", "--port", "--controller-port", "--security-file" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (arg) {
                            case "--data-dir" -> dataDir = value;
                            case "--port" -> port = value;
                            case "--security-file" -> securityFile = value;
                            default -> controllerPort = value;
                        }
                    }
                    default -> throw new IllegalArgumentException("Unknown argument: " + arg);
                }
            }
            if (dataDir == null || dataDir.isBlank()) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            options.dataDir = Path.of(dataDir);
            options.securityFile = securityFile == null ? null : Path.of(securityFile);
            options.port = parsePort("--port", port);
            options.controllerPort = parsePort("--controller-port", controllerPort);
            if (options.port != 0 && options.port == options.controllerPort) {
                throw new IllegalArgumentException("--port and --controller-port must differ");
            }
            return options;
        }

        private static int parsePort(String name, String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new IllegalArgumentException(name + " must be a port number, got: " + value);
        }
    }
}
