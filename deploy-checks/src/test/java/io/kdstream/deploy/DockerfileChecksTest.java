package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.deploy.support.DockerIgnore;
import io.kdstream.deploy.support.Dockerfile;
import io.kdstream.deploy.support.DockerfileChecks;
import io.kdstream.deploy.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile checks catch what they are for: each case is a small broken Dockerfile or context.
 *
 * <p>Plain JUnit, on text and a temporary folder.
 */
class DockerfileChecksTest {

    private static final String GOOD =
            """
            # syntax=docker/dockerfile:1
            FROM maven:3.9.11-eclipse-temurin-17 AS build
            WORKDIR /build
            COPY pom.xml ./
            COPY local-broker/ local-broker/
            COPY distill-core/ distill-core/
            COPY teacher-service/ teacher-service/
            # a comment inside the file
            RUN --mount=type=cache,target=/root/.m2 \\
                mvn -B -N install \\
             && mvn -B -f local-broker/pom.xml install -DskipTests \\
             && mvn -B -f distill-core/pom.xml install -DskipTests \\
             && mvn -B -f teacher-service/pom.xml package -DskipTests
            FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24
            COPY --from=build --chown=185 /build/teacher-service/target/quarkus-app/lib/ /deployments/lib/
            COPY --from=build --chown=185 /build/teacher-service/target/quarkus-app/*.jar /deployments/
            COPY --from=build --chown=185 /build/teacher-service/target/quarkus-app/app/ /deployments/app/
            COPY --from=build --chown=185 /build/teacher-service/target/quarkus-app/quarkus/ /deployments/quarkus/
            ENV A=1 B="two words"
            USER 185
            ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
            """;

    @Test
    void parsesStagesFlagsContinuationsAndEnv() {
        Dockerfile file = Dockerfile.parse(GOOD);
        assertThat(file.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(file.stages()).hasSize(2);
        Dockerfile.Stage build = file.stage("build").orElseThrow();
        assertThat(build.workdir()).isEqualTo("/build");
        assertThat(build.all("RUN").get(0).flags())
                .containsEntry("mount", "type=cache,target=/root/.m2");
        assertThat(DockerfileChecks.mavenSteps(build))
                .extracting(DockerfileChecks.MavenStep::module)
                .containsExactly(null, "local-broker", "distill-core", "teacher-service");
        assertThat(file.finalStage().env("B")).contains("two words");
        assertThat(file.finalStage().all("ENTRYPOINT").get(0).words())
                .containsExactly("/opt/jboss/container/java/run/run-java.sh");
    }

    @Test
    void syntaxErrorsFailWithTheirLine() {
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCOPPY x y\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("COPPY");
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCOPY onlyone\n"))
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCOPY --from=nope /x /y\n"))
                .hasMessageContaining("--from=nope");
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1 AS x\nFROM b:1 AS x\n"))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCMD [\"a\", \n"))
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nEXPOSE http\n"))
                .hasMessageContaining("EXPOSE");
        assertThatThrownBy(() -> Dockerfile.parse("RUN true\n"))
                .hasMessageContaining("before the first FROM");
    }

    @Test
    void missingAndIgnoredSourcesAreReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/fetch.sh"), "#!/bin/sh\n");
        Files.createDirectories(root.resolve("mod/target"));
        Dockerfile file =
                Dockerfile.parse(
                        """
                FROM a:1
                COPY scripts/fetch.sh /x
                COPY scripts/missing.sh /y
                COPY mod/target/ /z
                """);
        DockerIgnore ignore = DockerIgnore.parse("**/target\n");

        assertThat(DockerfileChecks.contextSources(file, root, ignore))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("line 3", "scripts/missing.sh", "does not exist"))
                .anySatisfy(p -> assertThat(p).contains("line 4", "mod/target", "**/target"))
                .hasSize(2);
    }

    @Test
    void dockerIgnoreFollowsDockerMatching() {
        DockerIgnore ignore =
                DockerIgnore.parse("# c\n**/target\ndata\n*.log\n!keep.log\n/runs/\n");
        assertThat(ignore.excludedBy("distill-core/target/classes/A.class")).isEqualTo("**/target");
        assertThat(ignore.excludedBy("target")).isEqualTo("**/target");
        assertThat(ignore.excludedBy("data/mnist/x")).isEqualTo("data");
        assertThat(ignore.excludedBy("runs/1")).isEqualTo("/runs/");
        assertThat(ignore.excludedBy("a.log")).isEqualTo("*.log");
        assertThat(ignore.excludedBy("keep.log")).isNull();
        assertThat(ignore.excludedBy("sub/a.log")).isNull();
        assertThat(ignore.excludedBy("distill-core/src/Target.java")).isNull();
    }

    @Test
    void buildOrderAndCopiedModulesAreChecked() {
        Path root = Repo.root();
        // distill-core is built before the parent pom and teacher-service packaged before
        // distill-core is installed.
        Dockerfile wrongOrder =
                Dockerfile.parse(
                        """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                WORKDIR /build
                COPY pom.xml ./
                COPY distill-core/ distill-core/
                COPY teacher-service/ teacher-service/
                RUN mvn -f teacher-service/pom.xml package && mvn -f distill-core/pom.xml install && mvn -N install
                FROM a:1
                """);
        assertThat(
                        DockerfileChecks.buildStage(
                                wrongOrder,
                                wrongOrder.stage("build").orElseThrow(),
                                root,
                                "teacher-service"))
                .anySatisfy(
                        p -> assertThat(p).contains("last Maven step must package teacher-service"))
                .anySatisfy(p -> assertThat(p).contains("parent pom must be installed first"))
                .anySatisfy(p -> assertThat(p).contains("teacher-service depends on distill-core"))
                .anySatisfy(p -> assertThat(p).contains("teacher-service depends on local-broker"));

        Dockerfile notCopied =
                Dockerfile.parse(
                        """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                COPY pom.xml ./
                RUN mvn -N install && mvn -f teacher-service/pom.xml package
                FROM a:1
                """);
        assertThat(
                        DockerfileChecks.buildStage(
                                notCopied,
                                notCopied.stage("build").orElseThrow(),
                                root,
                                "teacher-service"))
                .anySatisfy(p -> assertThat(p).contains("teacher-service is not copied"));
    }

    @Test
    void runtimeLayersMustComeFromTheModulesOwnBuildOutput() {
        Dockerfile otherModule =
                Dockerfile.parse(
                        GOOD.replace(
                                "/build/teacher-service/target/quarkus-app/app/",
                                "/build/student-service/target/quarkus-app/app/"));
        assertThat(DockerfileChecks.fastJarLayers(otherModule, Repo.root(), "teacher-service"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "student-service/target/quarkus-app/app/ is not under /build/teacher-service"));

        Dockerfile missingLayer =
                Dockerfile.parse(
                        GOOD.replaceAll("(?m)^COPY .*quarkus/ /deployments/quarkus/\\n", ""));
        assertThat(DockerfileChecks.fastJarLayers(missingLayer, Repo.root(), "teacher-service"))
                .anySatisfy(p -> assertThat(p).contains("four fast-jar layers"));

        assertThat(
                        DockerfileChecks.fastJarLayers(
                                Dockerfile.parse(GOOD), Repo.root(), "teacher-service"))
                .isEmpty();
    }
}
