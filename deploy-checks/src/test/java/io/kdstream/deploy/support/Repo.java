package io.kdstream.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the checks read: its root, its modules and their files. */
public final class Repo {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private Repo() {}

    /**
     * Returns the repository root: {@code kd.repo.root} (set by the pom), else the first folder
     * upwards from the working directory whose pom.xml lists deploy-checks as a module.
     *
     * @return the absolute root
     */
    public static Path root() {
        String configured = System.getProperty("kd.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>deploy-checks</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found; set -Dkd.repo.root");
    }

    /**
     * Reads a file as UTF-8.
     *
     * @param file the file
     * @return its text
     */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lists the modules of the root pom, in order.
     *
     * @return module folder names
     */
    public static List<String> modules() {
        String pom = read(root().resolve("pom.xml")).replaceAll("(?s)<!--.*?-->", "");
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /**
     * Lists the Quarkus services: root pom modules built by quarkus-maven-plugin.
     *
     * @return module folder names, e.g. teacher-service
     */
    public static List<String> services() {
        return modules().stream()
                .filter(
                        m ->
                                read(root().resolve(m).resolve("pom.xml"))
                                        .contains("<artifactId>quarkus-maven-plugin</artifactId>"))
                .toList();
    }

    /**
     * Returns a Maven property of a pom, e.g. {@code kafka.version} of local-broker/pom.xml.
     *
     * @param pom the pom file
     * @param name the property name
     * @return the value
     */
    public static String pomProperty(Path pom, String name) {
        Matcher m =
                Pattern.compile(
                                "<"
                                        + Pattern.quote(name)
                                        + ">([^<]+)</"
                                        + Pattern.quote(name)
                                        + ">")
                        .matcher(read(pom));
        if (!m.find()) {
            throw new IllegalStateException(pom + " has no property " + name);
        }
        return m.group(1).trim();
    }
}
