package io.kdstream.evaluator.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the packaged evaluator-service of an {@code *IT} class an API password: it runs under the
 * prod profile, where {@code %test.kd.api.password} does not apply, and without one every POST is
 * 401.
 */
public class ApiPasswordResource implements QuarkusTestResourceLifecycleManager {

    /** The password of user kd in the ITs. */
    public static final String PASSWORD = "kd-it-password";

    @Override
    public Map<String, String> start() {
        return Map.of("kd.api.password", PASSWORD);
    }

    @Override
    public void stop() {}
}
