package io.kdstream.deploy.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs the command-line tools the checks use (kustomize or kubectl, docker-compose). */
public final class Tools {

    /** The outcome of a command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private Tools() {}

    /**
     * Finds an executable on the PATH.
     *
     * @param name the command name
     * @return its path, if installed
     */
    public static Optional<Path> which(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * True when running in CI ({@code CI=true}): there a missing tool is an error, not a skip.
     *
     * @return whether CI is set
     */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Runs a command in a folder and waits for it.
     *
     * @param dir the working folder
     * @param command the command and its arguments
     * @return exit code and output
     */
    public static Result run(Path dir, List<String> command) {
        return run(dir, command, Map.of());
    }

    /**
     * Runs a command in a folder with extra environment variables and waits for it.
     *
     * @param dir the working folder
     * @param command the command and its arguments
     * @param env variables added to this process's environment
     * @return exit code and output
     */
    public static Result run(Path dir, List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("deploy-checks", ".out");
            Path err = Files.createTempFile("deploy-checks", ".err");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command)
                                .directory(dir.toFile())
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(
                            String.join(" ", command) + " did not finish in 120 s");
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The command that renders a kustomization: {@code kustomize build} if installed, else {@code
     * kubectl kustomize} (kubectl bundles kustomize).
     *
     * @param dir the kustomization folder
     * @return the command, or empty if neither tool is installed
     */
    public static Optional<List<String>> kustomizeCommand(Path dir) {
        Optional<Path> kustomize = which("kustomize");
        if (kustomize.isPresent()) {
            return Optional.of(List.of(kustomize.get().toString(), "build", dir.toString()));
        }
        return which("kubectl").map(k -> List.of(k.toString(), "kustomize", dir.toString()));
    }
}
