package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.KdTopics;
import io.kdstream.evaluator.evaluation.ComparisonService;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * What every incoming channel of the evaluator does around its own handling of a record.
 *
 * <ul>
 *   <li>A record already on the dead-letter topic ({@link DeadLetterLog}, read at start) is acked
 *       and skipped: after a restart it would fail again and be dead-lettered a second time.
 *   <li>A record without a payload (its bytes did not decode) or whose handling throws is counted
 *       and nacked: the channel's failure strategy sends it to the dead-letter topic with the
 *       reason and {@link KdTopics#DEAD_LETTER_ORIGIN_HEADER}, and the channel goes on.
 *   <li>Either way its position tells the comparisons when the replay has caught up.
 * </ul>
 *
 * Records off Kafka (the in-memory tests) have no position and are always handled.
 */
@ApplicationScoped
public class IncomingRecords {

    private static final String REASON_HEADER =
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON;

    private static final Metadata ORIGIN =
            Metadata.of(
                    OutgoingKafkaRecordMetadata.builder()
                            .withHeaders(
                                    List.of(
                                            new RecordHeader(
                                                    KdTopics.DEAD_LETTER_ORIGIN_HEADER,
                                                    DeadLetterLog.ORIGIN.getBytes(
                                                            StandardCharsets.UTF_8))))
                            .build());

    private final DeadLetterLog deadLetters;
    private final ComparisonService comparisons;
    private final EvaluatorMetrics metrics;

    public IncomingRecords(
            DeadLetterLog deadLetters, ComparisonService comparisons, EvaluatorMetrics metrics) {
        this.deadLetters = deadLetters;
        this.comparisons = comparisons;
        this.metrics = metrics;
    }

    /**
     * Handles one record of an incoming channel and acks or nacks it.
     *
     * @param channel the incoming channel
     * @param message the record
     * @param type the payload's record type, for the reason of a record without one
     * @param handling what the channel does with the payload
     * @param <T> the payload type
     * @return the ack or the nack
     */
    public <T> CompletionStage<Void> handle(
            String channel, Message<T> message, String type, Consumer<T> handling) {
        Optional<IncomingKafkaRecordMetadata> kafka =
                message.getMetadata(IncomingKafkaRecordMetadata.class);
        try {
            if (kafka.isPresent() && deadLettered(kafka.get())) {
                metrics.skippedDeadLetter(channel);
                Log.debugf(
                        "%s-%d@%d is already dead-lettered, skipped",
                        kafka.get().getTopic(),
                        kafka.get().getPartition(),
                        kafka.get().getOffset());
                return message.ack();
            }
            try {
                T payload = message.getPayload();
                if (payload == null) {
                    throw new IllegalArgumentException(
                            "the record holds no " + type + decodeFailure(kafka));
                }
                handling.accept(payload);
                return message.ack();
            } catch (RuntimeException e) {
                metrics.deadLetter(channel);
                // the dead-letter queue adds these headers to the ones it writes itself
                return message.nack(e, ORIGIN);
            }
        } finally {
            kafka.ifPresent(
                    k -> comparisons.onReplayed(k.getTopic(), k.getPartition(), k.getOffset()));
        }
    }

    /**
     * Returns the Kafka headers of a record, for a check of who produced it.
     *
     * @param message the record
     * @return its headers; none for a record off Kafka (the in-memory tests)
     */
    public static Headers headers(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(k -> (Headers) k.getHeaders())
                .orElseGet(RecordHeaders::new);
    }

    /** The reason the bytes did not decode, as {@link DecodeFailures} noted it. */
    private static String decodeFailure(Optional<IncomingKafkaRecordMetadata> kafka) {
        return kafka.map(k -> k.getHeaders().lastHeader(REASON_HEADER))
                .map(h -> ": " + new String(h.value(), StandardCharsets.UTF_8))
                .orElse("");
    }

    private boolean deadLettered(IncomingKafkaRecordMetadata<?, ?> k) {
        return deadLetters.contains(k.getTopic(), k.getPartition(), k.getOffset());
    }
}
