package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.deploy.support.Compose;
import io.kdstream.deploy.support.Dockerfile;
import io.kdstream.deploy.support.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/standin-images/build-standins.sh covers every base image that the CPU images and
 * docker-compose.yml use, so that a host without registry access can run {@code docker compose up
 * --build} (and the compose smoke test in CI can). The GPU image's bases are left out on purpose:
 * its CUDA libtorch needs network at build time anyway.
 */
class StandinImagesTest {

    private static final Path ROOT = Repo.root();
    private static final Path STANDINS = ROOT.resolve("deploy/standin-images");
    private static final Pattern ENTRY = Pattern.compile("^\\s+\"([^\"=]+)=([^\"]+)\"\\s*$");

    /** The script's IMAGES table: real image name to the Dockerfile of its stand-in. */
    private static Map<String, String> standins() {
        Map<String, String> images = new TreeMap<>();
        for (String line : Repo.read(STANDINS.resolve("build-standins.sh")).split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                images.put(m.group(1), m.group(2));
            }
        }
        return images;
    }

    @Test
    void everyBaseImageOfTheCpuBuildsAndComposeHasAStandin() {
        TreeSet<String> used = new TreeSet<>();
        for (String service : Repo.services()) {
            Dockerfile file =
                    Dockerfile.parse(
                            Repo.read(
                                    ROOT.resolve(service)
                                            .resolve("src/main/docker/Dockerfile.jvm")));
            for (Dockerfile.Stage stage : file.stages()) {
                if (file.stage(stage.image()).isEmpty()) {
                    used.add(stage.image());
                }
            }
        }
        Compose compose = Compose.read("docker-compose.yml");
        for (String service : compose.services()) {
            if (!Repo.services().contains(service)) {
                used.add(compose.at(service, "image"));
            }
        }
        assertThat(standins().keySet()).isEqualTo(used);
    }

    @Test
    void everyStandinHasItsDockerfileAndImportsTheDebianBase() {
        assertThat(standins()).isNotEmpty();
        standins()
                .forEach(
                        (image, dockerfile) -> {
                            Path file = STANDINS.resolve(dockerfile);
                            assertThat(file).as("stand-in for %s", image).isRegularFile();
                            Dockerfile parsed = Dockerfile.parse(Repo.read(file));
                            assertThat(parsed.finalStage().image())
                                    .as(
                                            "%s: the final stage starts from the Debian stand-in",
                                            dockerfile)
                                    .isEqualTo("kd-standin/debian:bookworm");
                            parsed.stages().stream()
                                    .flatMap(s -> s.all("COPY").stream())
                                    .filter(c -> !c.flags().containsKey("from"))
                                    .flatMap(
                                            c ->
                                                    c
                                                            .words()
                                                            .subList(0, c.words().size() - 1)
                                                            .stream())
                                    .forEach(
                                            source ->
                                                    assertThat(
                                                                    Files.exists(
                                                                                    STANDINS
                                                                                            .resolve(
                                                                                                    source))
                                                                            || source.startsWith(
                                                                                    "host-ca"))
                                                            .as("%s: COPY %s", dockerfile, source)
                                                            .isTrue());
                        });
    }
}
