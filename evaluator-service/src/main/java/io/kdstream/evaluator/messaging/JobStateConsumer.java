package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

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
    private final IncomingRecords records;

    public JobStateConsumer(EvaluationService evaluations, IncomingRecords records) {
        this.evaluations = evaluations;
        this.records = records;
    }

    @Incoming(JOB_STATES_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<TrainingProgress> message) {
        return records.handle(
                JOB_STATES_CHANNEL,
                message,
                "TrainingProgress",
                state -> evaluations.onProgress(TrainingProgressMapper.toDomain(state)));
    }
}
