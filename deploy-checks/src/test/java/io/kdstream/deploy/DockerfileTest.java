package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.deploy.support.DockerIgnore;
import io.kdstream.deploy.support.Dockerfile;
import io.kdstream.deploy.support.DockerfileChecks;
import io.kdstream.deploy.support.Repo;
import io.kdstream.deploy.support.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Dockerfile of the services parses and builds from what the repository holds.
 *
 * <p>Plain JUnit: no container engine here. The checks are what {@code docker build} would stop at
 * (syntax, stage references, missing or .dockerignore'd COPY sources) and what would give a broken
 * image (a build stage that does not make the jars the runtime stage copies, root user, DJL allowed
 * to download).
 */
class DockerfileTest {

    private static final Path ROOT = Repo.root();

    static List<Path> dockerfiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : Repo.modules()) {
            Path docker = ROOT.resolve(module).resolve("src/main/docker");
            if (Files.isDirectory(docker)) {
                try (Stream<Path> list = Files.list(docker)) {
                    list.filter(p -> p.getFileName().toString().startsWith("Dockerfile"))
                            .sorted()
                            .forEach(files::add);
                }
            }
        }
        return files;
    }

    static List<String> services() {
        return Repo.services();
    }

    private static String moduleOf(Path dockerfile) {
        return ROOT.relativize(dockerfile).getName(0).toString();
    }

    private static Dockerfile parse(Path dockerfile) {
        return Dockerfile.parse(Repo.read(dockerfile));
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyServiceHasAJvmDockerfile(String service) {
        assertThat(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")).isRegularFile();
    }

    @Test
    void theGpuVariantExistsForStudentWorkers() {
        assertThat(ROOT.resolve("student-service/src/main/docker/Dockerfile.gpu")).isRegularFile();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void parsesWithTheBuiltInFrontendAndPinnedImages(Path dockerfile) {
        Dockerfile file = parse(dockerfile);
        // No "# syntax=" line: it makes BuildKit pull the frontend image from Docker Hub, which
        // fails offline and on mirror-only hosts. The frontend built into Engine 20.10 and later
        // handles everything these files use (RUN --mount=type=cache).
        assertThat(file.directives()).doesNotContainKey("syntax");
        for (Dockerfile.Stage stage : file.stages()) {
            assertThat(stage.image())
                    .as("FROM %s pins a tag", stage.image())
                    .matches("[^:@]+[:@][^:]+");
            assertThat(stage.image()).as("FROM %s", stage.image()).doesNotEndWith(":latest");
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void copiesOnlyFilesThatExistAndReachTheContext(Path dockerfile) {
        Path ignore = ROOT.resolve(".dockerignore");
        DockerIgnore rules =
                DockerIgnore.parse(Files.isRegularFile(ignore) ? Repo.read(ignore) : "");
        assertThat(DockerfileChecks.contextSources(parse(dockerfile), ROOT, rules)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void buildStageCompilesTheServiceAndWhatItDependsOn(Path dockerfile) {
        Dockerfile file = parse(dockerfile);
        Dockerfile.Stage build =
                file.stage("build").orElseThrow(() -> new AssertionError("no stage named build"));
        assertThat(build.image()).startsWith("maven:").contains("-17");
        assertThat(DockerfileChecks.buildStage(file, build, ROOT, moduleOf(dockerfile))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runtimeStageCopiesTheFastJarTheBuildMakes(Path dockerfile) {
        assertThat(DockerfileChecks.fastJarLayers(parse(dockerfile), ROOT, moduleOf(dockerfile)))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runtimeStageRunsOfflineAsUid185OnTheServicePort(Path dockerfile) {
        Dockerfile file = parse(dockerfile);
        Dockerfile.Stage runtime = file.finalStage();
        ServiceConfig config = ServiceConfig.read(ROOT.resolve(moduleOf(dockerfile)));
        int port = config.httpPort();

        List<Dockerfile.Instruction> users = runtime.all("USER");
        assertThat(users).as("USER in the runtime stage").isNotEmpty();
        assertThat(users.get(users.size() - 1).args()).isEqualTo("185");
        assertThat(runtime.all("EXPOSE"))
                .extracting(Dockerfile.Instruction::args)
                .containsExactly(String.valueOf(port));

        assertThat(runtime.env("DJL_CACHE_DIR"))
                .hasValueSatisfying(dir -> assertThat(dir).startsWith("/deployments/"));
        assertThat(runtime.env("OPT_OUT_TRACKING")).contains("true");
        assertThat(runtime.env("JAVA_OPTS_APPEND"))
                .hasValueSatisfying(
                        opts ->
                                assertThat(opts)
                                        .contains(
                                                "-Dai.djl.offline=true",
                                                "-Dquarkus.http.host=0.0.0.0",
                                                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        assertThat(runtime.env("JAVA_APP_JAR")).contains("/deployments/quarkus-run.jar");
        String entrypoint = String.join(" ", runtime.all("ENTRYPOINT").get(0).words());
        assertThat(entrypoint)
                .containsAnyOf(
                        "/opt/jboss/container/java/run/run-java.sh", "-jar \"$JAVA_APP_JAR\"");

        List<Dockerfile.Instruction> health = runtime.all("HEALTHCHECK");
        assertThat(health).hasSize(1);
        assertThat(health.get(0).args()).contains("/q/health/ready", "127.0.0.1/" + port);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void mnistIsFetchedChecksumVerifiedIntoKdDataDir(Path dockerfile) {
        Dockerfile file = parse(dockerfile);
        Dockerfile.Stage mnist =
                file.stage("mnist").orElseThrow(() -> new AssertionError("no stage named mnist"));
        assertThat(mnist.all("RUN"))
                .extracting(Dockerfile.Instruction::args)
                .anySatisfy(run -> assertThat(run).contains("fetch-mnist.sh"));
        Dockerfile.Instruction copy =
                file.finalStage().all("COPY").stream()
                        .filter(i -> "mnist".equals(i.flags().get("from")))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("the runtime stage does not copy MNIST"));
        String destination = copy.words().get(copy.words().size() - 1).replaceAll("/+$", "");
        assertThat(file.finalStage().env("KD_DATA_DIR")).contains(destination);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void mainClassesRunInTheImageExist(Path dockerfile) {
        for (Dockerfile.Stage stage : parse(dockerfile).stages()) {
            for (Dockerfile.Instruction run : stage.all("RUN")) {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("io\\.kdstream(\\.[a-z]+)+\\.[A-Z]\\w+")
                                .matcher(run.args());
                while (m.find()) {
                    String path =
                            "distill-core/src/main/java/" + m.group().replace('.', '/') + ".java";
                    assertThat(ROOT.resolve(path))
                            .as("main class %s of line %d", m.group(), run.line())
                            .isRegularFile();
                }
            }
        }
    }

    @Test
    void cpuImagesExtractLibtorchAtBuildTimeWithTheOfflineEngineCheck() throws IOException {
        for (Path dockerfile : dockerfiles()) {
            if (!dockerfile.getFileName().toString().equals("Dockerfile.jvm")) {
                continue;
            }
            Dockerfile.Stage runtime = parse(dockerfile).finalStage();
            assertThat(runtime.image())
                    .as(dockerfile.toString())
                    .matches(
                            "registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:.+|eclipse-temurin:17.*-jre.*");
            assertThat(runtime.all("RUN"))
                    .extracting(Dockerfile.Instruction::args)
                    .as(dockerfile.toString())
                    .anySatisfy(
                            run ->
                                    assertThat(run)
                                            .contains(
                                                    "io.kdstream.core.tools.EngineCheck",
                                                    "-Dai.djl.offline=true"));
        }
    }

    @Test
    void gpuImageLoadsTheCudaLibtorchThatMatchesTheBuild() {
        Dockerfile file = parse(ROOT.resolve("student-service/src/main/docker/Dockerfile.gpu"));
        Dockerfile.Stage runtime = file.finalStage();
        Dockerfile.Stage libtorch = file.stage("libtorch").orElseThrow();
        String libtorchVersion = Repo.pomProperty(ROOT.resolve("pom.xml"), "libtorch.version");
        String djlVersion = Repo.pomProperty(ROOT.resolve("pom.xml"), "djl.version");

        Map<String, String> args = new java.util.HashMap<>();
        libtorch.all("ARG")
                .forEach(
                        i -> {
                            String[] kv = i.args().split("=", 2);
                            args.put(kv[0], kv.length > 1 ? kv[1] : "");
                        });
        assertThat(args).containsEntry("PYTORCH_VERSION", libtorchVersion);
        String flavor = args.get("PYTORCH_FLAVOR");
        assertThat(flavor).matches("cu\\d+");
        assertThat(runtime.env("PYTORCH_VERSION")).contains(libtorchVersion);
        assertThat(runtime.env("PYTORCH_FLAVOR")).contains(flavor);
        assertThat(runtime.env("KD_DEVICE")).contains("gpu");
        assertThat(runtime.env("JAVA_OPTS_APPEND"))
                .hasValueSatisfying(o -> assertThat(o).contains("-Dai.djl.offline=true"));
        String libraryPath = runtime.env("PYTORCH_LIBRARY_PATH").orElseThrow();
        assertThat(runtime.all("COPY"))
                .anySatisfy(
                        copy -> {
                            assertThat(copy.flags()).containsEntry("from", "libtorch");
                            assertThat(
                                            copy.words()
                                                    .get(copy.words().size() - 1)
                                                    .replaceAll("/+$", ""))
                                    .isEqualTo(libraryPath);
                        });
        // The JNI bridge for that flavor comes from pytorch-jni on Maven Central, which must ship
        // it.
        Path jni =
                Path.of(
                        System.getProperty("user.home"),
                        ".m2/repository/ai/djl/pytorch/pytorch-jni",
                        libtorchVersion + "-" + djlVersion,
                        "pytorch-jni-" + libtorchVersion + "-" + djlVersion + ".jar");
        Optional<Path> jar = Files.isRegularFile(jni) ? Optional.of(jni) : Optional.empty();
        jar.ifPresent(
                j -> {
                    try (ZipFile zip = new ZipFile(j.toFile())) {
                        assertThat(
                                        zip.getEntry(
                                                "jnilib/linux-x86_64/"
                                                        + flavor
                                                        + "/libdjl_torch.so"))
                                .as("%s ships the %s JNI library", j.getFileName(), flavor)
                                .isNotNull();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
