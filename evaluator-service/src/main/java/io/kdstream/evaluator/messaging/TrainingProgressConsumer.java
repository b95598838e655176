package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads the progress of teacher and student work, for the status and experiment views. */
@ApplicationScoped
public class TrainingProgressConsumer {

    static final String TRAINING_PROGRESS_CHANNEL = "training-progress";

    private final EvaluationService evaluations;
    private final EvaluatorMetrics metrics;

    public TrainingProgressConsumer(EvaluationService evaluations, EvaluatorMetrics metrics) {
        this.evaluations = evaluations;
        this.metrics = metrics;
    }

    @Incoming(TRAINING_PROGRESS_CHANNEL)
    @Blocking
    public void consume(TrainingProgress progress) {
        metrics.deadLetterOnFailure(
                TRAINING_PROGRESS_CHANNEL,
                () -> {
                    if (progress == null) {
                        throw new IllegalArgumentException("the record holds no TrainingProgress");
                    }
                    evaluations.onProgress(TrainingProgressMapper.toDomain(progress));
                });
    }
}
