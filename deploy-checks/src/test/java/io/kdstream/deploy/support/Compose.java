package io.kdstream.deploy.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A docker-compose file read as plain YAML (anchors and merge keys resolved). */
public final class Compose {

    private final Map<String, Object> doc;

    private Compose(Map<String, Object> doc) {
        this.doc = doc;
    }

    /**
     * Reads a compose file of the repository.
     *
     * @param name e.g. docker-compose.yml
     * @return the file
     */
    public static Compose read(String name) {
        Path file = Repo.root().resolve(name);
        return new Compose(Yaml.document(Repo.read(file)));
    }

    /**
     * The configuration docker-compose builds from several files ({@code docker-compose -f a -f b
     * config}): overrides merged, variables substituted.
     *
     * @param env the variables to substitute (e.g. passwords that {@code ${VAR:?}} requires)
     * @param files the compose files, base first
     * @return the merged configuration
     * @throws AssertionError with docker-compose's message if it refuses the files
     */
    public static Compose merged(Map<String, String> env, String... files) {
        List<String> command = new java.util.ArrayList<>(List.of(dockerCompose()));
        for (String f : files) {
            command.addAll(List.of("-f", f));
        }
        command.add("config");
        Tools.Result result = Tools.run(Repo.root(), command, env);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + result.stderr());
        }
        return new Compose(Yaml.document(result.stdout()));
    }

    /**
     * Runs docker-compose on files with the given variables.
     *
     * @return exit code and output
     */
    public static Tools.Result config(Map<String, String> env, String... files) {
        List<String> command = new java.util.ArrayList<>(List.of(dockerCompose()));
        for (String f : files) {
            command.addAll(List.of("-f", f));
        }
        command.addAll(List.of("config", "-q"));
        return Tools.run(Repo.root(), command, env);
    }

    /**
     * The docker-compose executable; skips the test when it is missing outside CI.
     *
     * @return its path
     */
    public static String dockerCompose() {
        java.util.Optional<Path> tool = Tools.which("docker-compose");
        if (tool.isEmpty()) {
            if (Tools.inCi()) {
                throw new AssertionError(
                        "CI=true but docker-compose is not installed (see .ci/run)");
            }
            org.junit.jupiter.api.Assumptions.abort(
                    "docker-compose is not installed (apt-get install docker-compose)");
        }
        return tool.get().toString();
    }

    /** Service names, in file order. */
    public List<String> services() {
        Map<String, Object> services = Yaml.at(doc, "services");
        return List.copyOf(services.keySet());
    }

    /** One service's definition. */
    public Map<String, Object> service(String name) {
        Map<String, Object> service = Yaml.at(doc, "services", name);
        if (service == null) {
            throw new AssertionError("no compose service " + name);
        }
        return service;
    }

    /** A value under a service, e.g. {@code at("kafka", "image")}. */
    public <T> T at(String service, String... keys) {
        return Yaml.at(service(service), keys);
    }

    /** A service's environment as a map (the list form {@code - K=V} is accepted too). */
    @SuppressWarnings("unchecked")
    public Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object item : (List<Object>) list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** The top-level document. */
    public Map<String, Object> document() {
        return doc;
    }

    /**
     * Substitutes {@code ${VAR:-default}} with its default, as compose does when VAR is unset.
     *
     * @param value a value from the file
     * @return the value with defaults applied
     */
    public static String withDefaults(String value) {
        return value == null
                ? null
                : value.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1");
    }
}
