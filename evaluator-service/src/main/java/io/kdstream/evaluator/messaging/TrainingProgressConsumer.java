package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads the progress of teacher and student work, for the status and experiment views. */
@ApplicationScoped
public class TrainingProgressConsumer {

    static final String TRAINING_PROGRESS_CHANNEL = "training-progress";

    private final EvaluationService evaluations;
    private final IncomingRecords records;

    public TrainingProgressConsumer(EvaluationService evaluations, IncomingRecords records) {
        this.evaluations = evaluations;
        this.records = records;
    }

    @Incoming(TRAINING_PROGRESS_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<TrainingProgress> message) {
        return records.handle(
                TRAINING_PROGRESS_CHANNEL,
                message,
                "TrainingProgress",
                progress -> evaluations.onProgress(TrainingProgressMapper.toDomain(progress)));
    }
}
