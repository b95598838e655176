package io.kdstream.core.api;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start, with the fix, that no API password is configured. Without one the service still
 * runs (reads, Kafka work) but its embedded realm has no user, so every state-changing request is
 * answered 401: a missing password never means "open".
 *
 * <p>One bean for the services that authenticate (discovered through {@code
 * quarkus.index-dependency.core.*}): the teacher and the evaluator enable the embedded realm; the
 * student-service has no state-changing endpoint and no realm, so it gets no such bean.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.security.users.embedded.enabled", stringValue = "true")
public class ApiCredentialsWarning {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCredentialsWarning.class);

    private final ApiConfig api;

    ApiCredentialsWarning(ApiConfig api) {
        this.api = api;
    }

    void onStart(@Observes StartupEvent event) {
        if (api.password().filter(p -> !p.isBlank()).isEmpty()) {
            LOG.warn(
                    "kd.api.password is not set: every state-changing request (POST) is answered"
                            + " 401 until it is. Set the environment variable KD_API_PASSWORD (e.g."
                            + " KD_API_PASSWORD=$(openssl rand -hex 16)) and send it with HTTP"
                            + " Basic as user '{}' (curl -u {}:\"$KD_API_PASSWORD\" ...). Reads stay"
                            + " open.",
                    ApiConfig.USER,
                    ApiConfig.USER);
        }
    }
}
