package io.kdstream.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The kustomizations of deploy/k8s (base and every overlay), rendered once per test run.
 *
 * <p>Rendering needs kustomize or kubectl. Without either, tests that need a render are skipped
 * with the reason, except in CI ({@code CI=true}), where .ci/run installs kubectl and a missing
 * tool is an error.
 */
public final class Rendered {

    private static final Map<String, List<Manifests.Resource>> CACHE = new LinkedHashMap<>();

    private Rendered() {}

    /** The kustomization folders: deploy/k8s/base and deploy/k8s/overlays/*. */
    public static List<Path> kustomizations() {
        Path k8s = Repo.root().resolve("deploy/k8s");
        List<Path> dirs = new ArrayList<>();
        dirs.add(k8s.resolve("base"));
        try (Stream<Path> overlays = Files.list(k8s.resolve("overlays"))) {
            overlays.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .sorted()
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }

    /** Skips the calling test when no kustomize is installed, outside CI. */
    public static void assumeKustomize() {
        if (Tools.kustomizeCommand(Repo.root()).isEmpty()) {
            if (Tools.inCi()) {
                throw new AssertionError(
                        "CI=true but neither kustomize nor kubectl is installed (see .ci/run)");
            }
            Assumptions.abort(
                    "neither kustomize nor kubectl is installed: Kubernetes manifests not rendered");
        }
    }

    /**
     * Renders and reads one kustomization (cached).
     *
     * @param dir e.g. deploy/k8s/overlays/gpu
     * @return its typed resources
     */
    public static synchronized List<Manifests.Resource> of(Path dir) {
        assumeKustomize();
        return CACHE.computeIfAbsent(dir.toString(), d -> Manifests.read(Manifests.render(dir)));
    }

    /**
     * Renders and reads one kustomization by its short name.
     *
     * @param name "base", "local", "gpu"
     * @return its typed resources
     */
    public static List<Manifests.Resource> of(String name) {
        Path k8s = Repo.root().resolve("deploy/k8s");
        return of(
                name.equals("base") ? k8s.resolve("base") : k8s.resolve("overlays").resolve(name));
    }

    /** A short name for a kustomization folder. */
    public static String name(Path dir) {
        return dir.getFileName().toString();
    }
}
