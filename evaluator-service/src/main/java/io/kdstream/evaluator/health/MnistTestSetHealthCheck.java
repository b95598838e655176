package io.kdstream.evaluator.health;

import io.kdstream.core.data.MnistSplit;
import io.kdstream.evaluator.evaluation.CheckpointEvaluator;
import io.kdstream.evaluator.evaluation.TestSetGate;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the MNIST test images every checkpoint is evaluated on are present and intact.
 *
 * <p>The first call loads the split (checksummed, then cached for the process), so a missing or
 * damaged data directory shows here rather than as dead-lettered checkpoints: while it is DOWN the
 * models channel holds its checkpoints ({@link TestSetGate}), and the data say since when.
 */
@Readiness
@ApplicationScoped
public class MnistTestSetHealthCheck implements HealthCheck {

    static final String NAME = "MNIST test set";

    private final CheckpointEvaluator evaluator;
    private final TestSetGate gate;

    public MnistTestSetHealthCheck(CheckpointEvaluator evaluator, TestSetGate gate) {
        this.evaluator = evaluator;
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try {
            MnistSplit test = evaluator.testSet();
            return response.up()
                    .withData("images", test.size())
                    .withData("fingerprint", test.fingerprint())
                    .build();
        } catch (RuntimeException e) {
            response.down().withData("error", String.valueOf(e.getMessage()));
            gate.waitingSince()
                    .ifPresent(t -> response.withData("checkpointsWaitingSince", t.toString()));
            return response.build();
        }
    }
}
