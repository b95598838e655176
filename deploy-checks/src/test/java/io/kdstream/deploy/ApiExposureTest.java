package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
 * What a packaged service exposes beyond its API (issue 16): no Swagger UI outside dev mode, and
 * the local run listens on loopback unless told otherwise. Compose's published ports are checked in
 * {@link ComposeTest}.
 */
class ApiExposureTest {

    private static final Path ROOT = Repo.root();

    @ParameterizedTest
    @ValueSource(strings = {"teacher-service", "student-service", "evaluator-service"})
    void noSwaggerUiInAPackagedService(String service) throws IOException {
        Properties p = new Properties();
        try (Reader in =
                Files.newBufferedReader(
                        ROOT.resolve(service)
                                .resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        assertThat(p.getProperty("quarkus.swagger-ui.always-include", "false"))
                .as("%s: Swagger UI is a dev-mode tool (a build-time setting)", service)
                .isEqualTo("false");
    }

    @Test
    void theLocalRunListensOnLoopbackByDefault() throws IOException {
        assertThat(Files.readString(ROOT.resolve("scripts/run-local.sh")))
                .contains("-Dquarkus.http.host=\"${KD_BIND_ADDRESS:-127.0.0.1}\"");
    }
}
