package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.KdTopics;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The records of the evaluator's incoming topics that are already on the dead-letter topic, read
 * back at start, so that a restarted evaluator does not dead-letter them a second time.
 *
 * <p>SmallRye's dead-letter queue names the source record in the headers {@code dead-letter-topic},
 * {@code dead-letter-partition} and {@code dead-letter-offset} (strings, see {@code
 * KafkaDeadLetterQueue}). Only the evaluator's own dead letters count ({@link
 * KdTopics#DEAD_LETTER_ORIGIN_HEADER}; one without it predates the header): a student-jobs record
 * is also dead-lettered by the workers, and theirs must not stand in for the evaluator's. A record
 * another evaluator replica dead-lettered would fail here the same way, so it counts too.
 */
@ApplicationScoped
public class DeadLetterLog {

    static final String TOPIC_HEADER = "dead-letter-topic";
    static final String PARTITION_HEADER = "dead-letter-partition";
    static final String OFFSET_HEADER = "dead-letter-offset";

    /** What the evaluator writes in {@link KdTopics#DEAD_LETTER_ORIGIN_HEADER}. */
    static final String ORIGIN = "evaluator-service";

    private final Set<SourceRecord> known = new HashSet<>();

    /** Where a dead letter came from. */
    record SourceRecord(String topic, int partition, long offset) {}

    /**
     * Notes a record of the dead-letter topic.
     *
     * @param headers its headers
     * @param consumedTopics the topics whose dead letters count
     * @return whether it named a record of one of those topics
     */
    public synchronized boolean record(Headers headers, Collection<String> consumedTopics) {
        String topic = text(headers.lastHeader(TOPIC_HEADER));
        String partition = text(headers.lastHeader(PARTITION_HEADER));
        String offset = text(headers.lastHeader(OFFSET_HEADER));
        if (topic == null || partition == null || offset == null) {
            return false;
        }
        String origin = text(headers.lastHeader(KdTopics.DEAD_LETTER_ORIGIN_HEADER));
        if (!consumedTopics.contains(topic) || origin != null && !origin.equals(ORIGIN)) {
            return false;
        }
        try {
            known.add(
                    new SourceRecord(
                            topic,
                            Integer.parseInt(partition.trim()),
                            Long.parseLong(offset.trim())));
            return true;
        } catch (NumberFormatException e) {
            Log.debugf("A dead letter of %s names no partition and offset: %s", topic, e);
            return false;
        }
    }

    /**
     * Returns whether a record is already on the dead-letter topic.
     *
     * @param topic its topic
     * @param partition its partition
     * @param offset its offset
     * @return whether it was dead-lettered before
     */
    public synchronized boolean contains(String topic, int partition, long offset) {
        return known.contains(new SourceRecord(topic, partition, offset));
    }

    /**
     * Returns how many dead letters are known.
     *
     * @return the count
     */
    public synchronized int size() {
        return known.size();
    }

    private static String text(Header h) {
        return h == null || h.value() == null
                ? null
                : new String(h.value(), StandardCharsets.UTF_8);
    }
}
