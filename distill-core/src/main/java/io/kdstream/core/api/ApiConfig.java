package io.kdstream.core.api;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The credential of the state-changing endpoints, {@code kd.api.*}: HTTP Basic as user {@value
 * #USER} with role {@value #ROLE}, checked by Quarkus' embedded user realm ({@code
 * quarkus.security.users.embedded.*} in each service's application.properties reads this key).
 *
 * <p>A mapping of its own, so that distill-core's {@link ApiCredentialsWarning} can inject it; the
 * teacher's and the evaluator's root mappings also hold it as their {@code api()} group.
 */
@ConfigMapping(prefix = "kd.api")
public interface ApiConfig {

    /** The user name the state-changing endpoints accept. */
    String USER = "kd";

    /** The role {@code @RolesAllowed} asks for on every state-changing endpoint. */
    String ROLE = "operator";

    /**
     * The password of user {@value #USER} (KD_API_PASSWORD). Unset or empty: nobody can log in,
     * every state-changing request is answered 401, and the service says so at start.
     */
    Optional<String> password();
}
