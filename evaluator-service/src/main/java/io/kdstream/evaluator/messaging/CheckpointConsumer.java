package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.evaluation.EventPublisher;
import io.kdstream.evaluator.evaluation.TestSetGate;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Evaluates every checkpoint published on the models topic and publishes its evaluation.
 *
 * <p>Evaluation takes seconds of DJL inference, so it runs on a worker thread ({@code @Blocking},
 * in order). A record that cannot be decoded or loaded is nacked: the channel's failure strategy
 * sends it to the dead-letter topic with the reason, and the next record is evaluated. An
 * evaluation that cannot be published because the broker is away is tried again for up to 15
 * minutes ({@link Redelivery}): the checkpoint is fine, so it is not dead-lettered for that. Nor is
 * it when the MNIST test set is missing or damaged: the channel waits for it ({@link TestSetGate})
 * and evaluates the checkpoint once the files are there.
 *
 * <p>With {@code kd.security.require-producer-identity} on, a checkpoint not produced by the
 * service its role names ({@link ProducerIdentity}) is nacked the same way, with the header found
 * and the one expected as the reason, and never evaluated.
 */
@ApplicationScoped
public class CheckpointConsumer {

    static final String MODELS_CHANNEL = "models";

    /** How long an evaluation waits for the broker to come back before it is dead-lettered. */
    private static final Duration OUTAGE_LIMIT = Duration.ofMinutes(15);

    private final EvaluationService evaluations;
    private final EventPublisher publisher;
    private final IncomingRecords records;
    private final TestSetGate testSet;
    private final ProducerIdentity identity;

    public CheckpointConsumer(
            EvaluationService evaluations,
            EventPublisher publisher,
            IncomingRecords records,
            TestSetGate testSet,
            ProducerIdentity identity) {
        this.identity = identity;
        this.evaluations = evaluations;
        this.publisher = publisher;
        this.records = records;
        this.testSet = testSet;
    }

    @Incoming(MODELS_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<ModelCheckpoint> message) {
        // a record whose bytes did not decode needs no test set to be dead-lettered
        if (message.getPayload() != null && !testSet.await()) {
            // stopping: neither acked nor nacked. Nothing is committed (commit-strategy=ignore),
            // so the next start reads the checkpoint again and evaluates it then.
            return CompletableFuture.completedFuture(null);
        }
        return records.handle(
                MODELS_CHANNEL,
                message,
                "ModelCheckpoint",
                checkpoint -> {
                    identity.requireCheckpoint(
                            checkpoint.getRole(), IncomingRecords.headers(message));
                    evaluations
                            .evaluate(ModelCheckpointMapper.toDomain(checkpoint))
                            .ifPresent(
                                    e ->
                                            Redelivery.await(
                                                    publisher.evaluation(e),
                                                    OUTAGE_LIMIT,
                                                    Redelivery.FIRST_PAUSE));
                });
    }
}
