package io.kdstream.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks of one Dockerfile against the repository it is built from (the build context is the
 * repository root). Each method returns the problems it finds, empty when all is well, so the tests
 * can show every problem at once and can also prove that a broken file is caught.
 */
public final class DockerfileChecks {

    private static final Pattern MAVEN = Pattern.compile("\\bmvn\\b([^&;|]*)");
    private static final Pattern KD_DEPENDENCY =
            Pattern.compile(
                    "<dependency>\\s*<groupId>io\\.kdstream</groupId>\\s*<artifactId>([^<]+)</artifactId>");

    /**
     * One Maven invocation of a build stage: the module's pom (null with -N: the parent alone) and
     * the goal.
     */
    public record MavenStep(String module, String goal) {}

    private DockerfileChecks() {}

    /**
     * Every {@code COPY}/{@code ADD} source taken from the build context exists in the repository
     * and is not excluded by {@code .dockerignore}.
     *
     * @param file the Dockerfile
     * @param root the context root
     * @param ignore the context's .dockerignore rules
     * @return the problems
     */
    public static List<String> contextSources(Dockerfile file, Path root, DockerIgnore ignore) {
        List<String> problems = new ArrayList<>();
        for (Dockerfile.Stage stage : file.stages()) {
            for (Dockerfile.Instruction i : stage.instructions()) {
                if (!(i.keyword().equals("COPY") || i.keyword().equals("ADD"))
                        || i.flags().containsKey("from")) {
                    continue;
                }
                List<String> words = i.words();
                for (String raw : words.subList(0, words.size() - 1)) {
                    String source = file.expand(stage, raw).replaceAll("^\\./", "");
                    if (source.startsWith("http://") || source.startsWith("https://")) {
                        problems.add(
                                "line "
                                        + i.line()
                                        + ": "
                                        + i.keyword()
                                        + " downloads "
                                        + source
                                        + " (not reproducible)");
                        continue;
                    }
                    List<String> matches = glob(root, source);
                    if (matches.isEmpty()) {
                        problems.add(
                                "line "
                                        + i.line()
                                        + ": "
                                        + i.keyword()
                                        + " source "
                                        + source
                                        + " does not exist in the repository");
                    }
                    for (String match : matches) {
                        String rule = ignore.excludedBy(match);
                        if (rule != null) {
                            problems.add(
                                    "line "
                                            + i.line()
                                            + ": "
                                            + i.keyword()
                                            + " source "
                                            + match
                                            + " is excluded by .dockerignore rule '"
                                            + rule
                                            + "'");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> glob(Path root, String source) {
        String clean = source.replaceAll("/+$", "");
        if (clean.isEmpty() || clean.equals(".")) {
            return List.of(".");
        }
        if (!clean.matches(".*[*?\\[].*")) {
            return Files.exists(root.resolve(clean)) ? List.of(clean) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
        try (Stream<Path> paths = Files.walk(root, clean.split("/").length)) {
            return paths.map(p -> root.relativize(p).toString())
                    .filter(p -> matcher.matches(Path.of(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Maven invocations of a stage's RUN instructions, in order.
     *
     * @param stage a build stage
     * @return one step per {@code mvn} command
     */
    public static List<MavenStep> mavenSteps(Dockerfile.Stage stage) {
        List<MavenStep> steps = new ArrayList<>();
        for (Dockerfile.Instruction run : stage.all("RUN")) {
            Matcher m = MAVEN.matcher(run.args());
            while (m.find()) {
                List<String> args = List.of(m.group(1).trim().split("\\s+"));
                String module = null;
                for (int k = 0; k < args.size(); k++) {
                    if (args.get(k).equals("-f") || args.get(k).equals("--file")) {
                        module = args.get(k + 1).replaceAll("/pom\\.xml$", "").replaceAll("/$", "");
                    }
                }
                boolean nonRecursive = args.contains("-N") || args.contains("--non-recursive");
                String goal =
                        args.stream()
                                .filter(a -> a.matches("install|package|verify|deploy"))
                                .findFirst()
                                .orElse("?");
                if (module == null && !nonRecursive) {
                    module = ".";
                }
                steps.add(new MavenStep(module, goal));
            }
        }
        return steps;
    }

    /**
     * The build stage compiles the service from source in a sound order: the parent pom first
     * ({@code -N install}), every io.kdstream module the service depends on installed before it,
     * each module copied into the stage, and the service itself packaged last.
     *
     * @param file the Dockerfile
     * @param build the build stage
     * @param root the repository root
     * @param module the service the image is for
     * @return the problems
     */
    public static List<String> buildStage(
            Dockerfile file, Dockerfile.Stage build, Path root, String module) {
        List<String> problems = new ArrayList<>();
        List<MavenStep> steps = mavenSteps(build);
        if (steps.isEmpty()) {
            return List.of("stage " + build.name() + " runs no mvn command");
        }
        MavenStep last = steps.get(steps.size() - 1);
        if (!module.equals(last.module()) || !last.goal().equals("package")) {
            problems.add("the last Maven step must package " + module + ", found " + last);
        }
        if (steps.get(0).module() != null) {
            problems.add(
                    "the parent pom must be installed first (mvn -N install), found "
                            + steps.get(0));
        }
        List<String> copied = copiedIntoStage(file, build);
        if (!copied.contains("pom.xml")) {
            problems.add("the root pom.xml is not copied into stage " + build.name());
        }
        List<String> installed = new ArrayList<>();
        for (MavenStep step : steps) {
            if (step.module() == null) {
                continue;
            }
            if (!copied.contains(step.module())) {
                problems.add(
                        "mvn -f "
                                + step.module()
                                + "/pom.xml but "
                                + step.module()
                                + " is not copied into stage "
                                + build.name());
                continue;
            }
            for (String dependency : kdDependencies(root, step.module())) {
                if (!installed.contains(dependency)) {
                    problems.add(
                            step.module()
                                    + " depends on "
                                    + dependency
                                    + ", which is not installed before it");
                }
            }
            if (step.goal().equals("install")) {
                installed.add(step.module());
            }
        }
        return problems;
    }

    /** Context paths a stage copies, relative to its WORKDIR ("distill-core", "pom.xml"). */
    static List<String> copiedIntoStage(Dockerfile file, Dockerfile.Stage stage) {
        List<String> out = new ArrayList<>();
        for (Dockerfile.Instruction i : stage.all("COPY")) {
            if (i.flags().containsKey("from")) {
                continue;
            }
            List<String> words = i.words();
            for (String source : words.subList(0, words.size() - 1)) {
                out.add(file.expand(stage, source).replaceAll("/+$", ""));
            }
        }
        return out;
    }

    /** The io.kdstream artifacts a module's pom depends on (any scope: Maven resolves them all). */
    public static List<String> kdDependencies(Path root, String module) {
        Path pom = root.resolve(module).resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return List.of();
        }
        String text = Repo.read(pom).replaceAll("(?s)<!--.*?-->", "");
        int start = text.indexOf("<dependencies>");
        if (start < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher m = KD_DEPENDENCY.matcher(text.substring(start));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /**
     * The runtime stage copies exactly the four fast-jar layers the build stage makes for the
     * module, and, where the module was built here, those files exist.
     *
     * @param file the Dockerfile
     * @param root the repository root
     * @param module the service
     * @return the problems
     */
    public static List<String> fastJarLayers(Dockerfile file, Path root, String module) {
        List<String> problems = new ArrayList<>();
        Dockerfile.Stage runtime = file.finalStage();
        Map<String, String> layers = new LinkedHashMap<>();
        for (Dockerfile.Instruction i : runtime.all("COPY")) {
            String from = i.flags().get("from");
            if (from == null) {
                continue;
            }
            Optional<Dockerfile.Stage> source = file.stage(from);
            if (source.isEmpty() || mavenSteps(source.get()).isEmpty()) {
                continue; // not the Java build stage (e.g. mnist, libtorch)
            }
            String prefix =
                    source.get().workdir().replaceAll("/+$", "")
                            + "/"
                            + module
                            + "/target/quarkus-app/";
            List<String> words = i.words();
            for (String src : words.subList(0, words.size() - 1)) {
                if (!src.startsWith(prefix)) {
                    problems.add(
                            "line "
                                    + i.line()
                                    + ": "
                                    + src
                                    + " is not under "
                                    + prefix
                                    + " (what mvn -f "
                                    + module
                                    + "/pom.xml package makes in stage "
                                    + source.get().name()
                                    + ")");
                    continue;
                }
                layers.put(src.substring(prefix.length()), words.get(words.size() - 1));
            }
            if (!"185".equals(i.flags().get("chown"))
                    && !String.valueOf(i.flags().get("chown")).startsWith("185:")) {
                problems.add("line " + i.line() + ": COPY --from=" + from + " without --chown=185");
            }
        }
        Map<String, String> expected =
                Map.of(
                        "lib/", "/deployments/lib/",
                        "*.jar", "/deployments/",
                        "app/", "/deployments/app/",
                        "quarkus/", "/deployments/quarkus/");
        if (!layers.equals(expected)) {
            problems.add(
                    "the runtime stage must copy the four fast-jar layers "
                            + expected
                            + ", found "
                            + layers);
        }
        ServiceConfig config = ServiceConfig.read(root.resolve(module));
        String jarType = config.property("quarkus.package.jar.type").orElse("fast-jar");
        if (!jarType.equals("fast-jar")) {
            problems.add(
                    module
                            + " sets quarkus.package.jar.type="
                            + jarType
                            + ": target/quarkus-app would not have these layers");
        }
        Path app = root.resolve(module).resolve("target/quarkus-app");
        if (Files.isDirectory(app)) {
            String version = Repo.pomProperty(root.resolve("pom.xml"), "version");
            for (String required :
                    List.of(
                            "quarkus-run.jar",
                            "lib/main",
                            "lib/boot",
                            "app/" + module + "-" + version + ".jar",
                            "quarkus/quarkus-application.dat",
                            "lib/main/io.kdstream.distill-core-" + version + ".jar")) {
                if (!Files.exists(app.resolve(required))) {
                    problems.add(
                            module
                                    + "/target/quarkus-app/"
                                    + required
                                    + " is missing from the build output");
                }
            }
        }
        return problems;
    }
}
