package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kdstream.deploy.support.Compose;
import io.kdstream.deploy.support.Manifests;
import io.kdstream.deploy.support.Rendered;
import io.kdstream.deploy.support.Repo;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a packaged service exposes beyond its API (issue 16): no Swagger UI outside dev mode, the
 * local run listens on loopback unless told otherwise, and the services with state-changing
 * endpoints authenticate them, refuse foreign origins and get their API password from every
 * deployment (compose, a Kubernetes Secret, the local run). Compose's published ports are checked
 * in {@link ComposeTest}.
 */
class ApiExposureTest {

    private static final Path ROOT = Repo.root();

    @ParameterizedTest
    @ValueSource(strings = {"teacher-service", "student-service", "evaluator-service"})
    void noSwaggerUiInAPackagedService(String service) throws IOException {
        Properties p = properties(service);
        assertThat(p.getProperty("quarkus.swagger-ui.always-include", "false"))
                .as("%s: Swagger UI is a dev-mode tool (a build-time setting)", service)
                .isEqualTo("false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"teacher-service", "evaluator-service"})
    void stateChangingEndpointsAuthenticateAndRefuseForeignOrigins(String service)
            throws IOException {
        Properties p = properties(service);
        assertThat(p.getProperty("quarkus.http.auth.basic")).isEqualTo("true");
        assertThat(p.getProperty("quarkus.security.users.embedded.enabled")).isEqualTo("true");
        assertThat(p.getProperty("quarkus.security.users.embedded.users.kd"))
                .as("%s: the password comes from KD_API_PASSWORD, with no default", service)
                .isEqualTo("${KD_API_PASSWORD}");
        assertThat(p.getProperty("quarkus.security.users.embedded.roles.kd")).isEqualTo("operator");
        assertThat(p.getProperty("quarkus.http.cors.enabled"))
                .as("%s: Quarkus' CORS filter answers 403 to a foreign Origin", service)
                .isEqualTo("true");
        assertThat(p.getProperty("quarkus.http.cors.origins"))
                .as("%s: no other origin is allowed by default", service)
                .isNull();
        // only the dev and test profiles may carry a fixed password
        assertThat(p.stringPropertyNames())
                .filteredOn(k -> k.endsWith("quarkus.security.users.embedded.users.kd"))
                .containsExactlyInAnyOrder(
                        "quarkus.security.users.embedded.users.kd",
                        "%dev,test.quarkus.security.users.embedded.users.kd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"teacher-service", "evaluator-service"})
    void everyDeploymentPassesTheApiPassword(String service) {
        assertThat(Compose.read("docker-compose.yml").environment(service))
                .hasEntrySatisfying(
                        "KD_API_PASSWORD", v -> assertThat(v).startsWith("${KD_API_PASSWORD:?"));
        Rendered.assumeKustomize();
        for (Path dir : Rendered.kustomizations()) {
            Deployment deployment = Manifests.named(Rendered.of(dir), Deployment.class, service);
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            EnvVar password =
                    container.getEnv().stream()
                            .filter(e -> e.getName().equals("KD_API_PASSWORD"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    service
                                                            + " in "
                                                            + Rendered.name(dir)
                                                            + " has no KD_API_PASSWORD"));
            assertThat(password.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("kd-api-credentials");
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            ConfigMap config =
                    Manifests.named(Rendered.of(dir), ConfigMap.class, service + "-config");
            assertThat(config.getData()).doesNotContainKey("KD_API_PASSWORD");
        }
    }

    @Test
    void theLocalRunGivesTheServicesAPasswordOnlyItsUserCanRead() throws IOException {
        String script = Files.readString(ROOT.resolve("scripts/run-local.sh"));
        assertThat(script)
                .contains("export KD_API_PASSWORD")
                .contains(
                        "(umask 077 && printf '%s\\n' \"$KD_API_PASSWORD\" > \"$RUN_DIR/api-password\")");
    }

    private static Properties properties(String service) throws IOException {
        Properties p = new Properties();
        try (Reader in =
                Files.newBufferedReader(
                        ROOT.resolve(service)
                                .resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theLocalRunListensOnLoopbackByDefault() throws IOException {
        assertThat(Files.readString(ROOT.resolve("scripts/run-local.sh")))
                .contains("-Dquarkus.http.host=\"${KD_BIND_ADDRESS:-127.0.0.1}\"");
    }
}
