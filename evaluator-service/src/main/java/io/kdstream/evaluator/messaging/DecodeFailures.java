package io.kdstream.evaluator.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * Lets a record whose bytes do not decode reach its channel's method, with no payload, instead of
 * being dead-lettered by the connector before the method sees it.
 *
 * <p>With the dead-letter failure strategy, SmallRye sends such a record to the dead-letter topic
 * on its own, marked by the header {@code deserialization-failure-dlq}, so nothing could tell it
 * was dead-lettered before a restart. Here the failure details are added as usual but without that
 * mark: {@link IncomingRecords} then skips a record already on the dead-letter topic and nacks any
 * other, which the failure strategy dead-letters with the decoding failure as its reason.
 */
@Identifier(DecodeFailures.NAME)
@ApplicationScoped
public class DecodeFailures implements DeserializationFailureHandler<Object> {

    /** The name the channels' {@code value-deserialization-failure-handler} refers to. */
    public static final String NAME = "kd-decode-failures";

    private static final List<String> FAILURE_HEADERS =
            List.of(
                    DESERIALIZATION_FAILURE_REASON,
                    DESERIALIZATION_FAILURE_CAUSE,
                    DESERIALIZATION_FAILURE_IS_KEY,
                    DESERIALIZATION_FAILURE_TOPIC,
                    DESERIALIZATION_FAILURE_DATA,
                    DESERIALIZATION_FAILURE_KEY_DATA,
                    DESERIALIZATION_FAILURE_VALUE_DATA,
                    DESERIALIZATION_FAILURE_DESERIALIZER,
                    DESERIALIZATION_FAILURE_DLQ);

    @Override
    public Object handleDeserializationFailure(
            String topic,
            boolean isKey,
            String deserializer,
            byte[] data,
            Exception exception,
            Headers headers) {
        if (headers != null) {
            // once per record: the headers of a record decoded again must not pile up copies
            FAILURE_HEADERS.forEach(headers::remove);
            DeserializationFailureHandler.addFailureDetailsToHeaders(
                    deserializer, topic, isKey, headers, data, exception);
            headers.remove(DESERIALIZATION_FAILURE_DLQ);
            // the bytes once (in "data", which the dead letter's value is written from), not
            // twice: a dead letter of a big checkpoint must stay under the topic's size limit
            headers.remove(DESERIALIZATION_FAILURE_VALUE_DATA);
        }
        return null;
    }
}
