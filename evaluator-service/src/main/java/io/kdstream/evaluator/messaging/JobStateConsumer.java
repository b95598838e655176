package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the final states of student jobs from the compacted job-states topic.
 *
 * <p>It exists because training-progress keeps 7 days: after that, a restarted evaluator would see
 * no end of a job that ended long ago. A final state read from both topics is the same record, so
 * the progress view keeps one copy ({@link EvaluationService#onProgress} keeps the newest).
 */
@ApplicationScoped
public class JobStateConsumer {

    static final String JOB_STATES_CHANNEL = "job-states";

    private final EvaluationService evaluations;
    private final EvaluatorMetrics metrics;

    public JobStateConsumer(EvaluationService evaluations, EvaluatorMetrics metrics) {
        this.evaluations = evaluations;
        this.metrics = metrics;
    }

    @Incoming(JOB_STATES_CHANNEL)
    @Blocking
    public void consume(TrainingProgress state) {
        metrics.deadLetterOnFailure(
                JOB_STATES_CHANNEL,
                () -> {
                    if (state == null) {
                        throw new IllegalArgumentException("the record holds no TrainingProgress");
                    }
                    evaluations.onProgress(TrainingProgressMapper.toDomain(state));
                });
    }
}
