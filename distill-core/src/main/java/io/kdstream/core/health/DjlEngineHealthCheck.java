package io.kdstream.core.health;

import ai.djl.engine.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check shared by every service: the DJL engine and its native libtorch are loaded.
 *
 * <p>It lives in distill-core rather than in each service because all three services train or
 * evaluate with DJL; each service indexes this module ({@code quarkus.index-dependency.core.*}) so
 * that Quarkus discovers the bean. A service is not ready to take work before libtorch loads, and a
 * failure here (missing natives, an offline download attempt) is the most common misconfiguration,
 * so the response carries the engine name, version and GPU count.
 */
@Readiness
@ApplicationScoped
public class DjlEngineHealthCheck implements HealthCheck {

    static final String NAME = "DJL engine";

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try {
            Engine engine = Engine.getInstance();
            return response.up()
                    .withData("engine", engine.getEngineName())
                    .withData("version", engine.getVersion())
                    .withData("defaultDevice", engine.defaultDevice().toString())
                    .withData("gpuCount", engine.getGpuCount())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
