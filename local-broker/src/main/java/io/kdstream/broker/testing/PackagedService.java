package io.kdstream.broker.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the tests that run packaged services (e2e-tests, fault-tests) start one: the same JVM
 * settings as scripts/kd-env.sh and run-local.sh (offline DJL, one libtorch thread per service), so
 * that what they test is what a user runs.
 */
public final class PackagedService {

    private PackagedService() {}

    /**
     * A process builder for a service's {@code quarkus-run.jar}, its output going to {@code log};
     * the caller adds its own environment (Kafka, API password) and starts it.
     *
     * @param root the repository root
     * @param module teacher-service, student-service or evaluator-service
     * @param properties system properties ({@code -D})
     * @param port its HTTP port
     * @param log the file its output (stdout and stderr) goes to
     * @throws IllegalStateException when the jar is missing, with the command that builds it
     */
    public static ProcessBuilder processBuilder(
            Path root, String module, Map<String, String> properties, int port, Path log) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: package the services first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx1g",
                        "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KD_DATA_DIR", root.resolve("data/mnist").toString());
        env.put("OPT_OUT_TRACKING", "true");
        return pb;
    }
}
