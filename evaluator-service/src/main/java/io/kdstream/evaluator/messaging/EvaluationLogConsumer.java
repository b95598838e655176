package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Evaluation;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the evaluations topic back, from the beginning at every start.
 *
 * <p>This rebuilds the evaluations known before a restart, or made by another evaluator, so that
 * comparisons include them and finished student checkpoints are not evaluated again.
 */
@ApplicationScoped
public class EvaluationLogConsumer {

    static final String EVALUATION_LOG_CHANNEL = "evaluation-log";

    private final EvaluationService evaluations;
    private final EvaluatorMetrics metrics;

    public EvaluationLogConsumer(EvaluationService evaluations, EvaluatorMetrics metrics) {
        this.evaluations = evaluations;
        this.metrics = metrics;
    }

    @Incoming(EVALUATION_LOG_CHANNEL)
    @Blocking
    public void consume(Evaluation evaluation) {
        metrics.deadLetterOnFailure(
                EVALUATION_LOG_CHANNEL,
                () -> {
                    if (evaluation == null) {
                        throw new IllegalArgumentException("the record holds no Evaluation");
                    }
                    evaluations.onLoggedEvaluation(EvaluationMapper.toDomain(evaluation));
                });
    }
}
