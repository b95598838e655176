package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Evaluation;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

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
    private final IncomingRecords records;

    public EvaluationLogConsumer(EvaluationService evaluations, IncomingRecords records) {
        this.evaluations = evaluations;
        this.records = records;
    }

    @Incoming(EVALUATION_LOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<Evaluation> message) {
        return records.handle(
                EVALUATION_LOG_CHANNEL,
                message,
                "Evaluation",
                evaluation ->
                        evaluations.onLoggedEvaluation(EvaluationMapper.toDomain(evaluation)));
    }
}
