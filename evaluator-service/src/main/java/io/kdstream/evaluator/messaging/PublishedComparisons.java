package io.kdstream.evaluator.messaging;

import io.kdstream.core.schema.Comparison;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The last comparison on the comparisons topic for each experiment, read back at start and kept up
 * to date with each send, so that a comparison goes out only when its content differs from it.
 *
 * <p>Content is the Avro record without its {@code updatedAt}: what a reader of the topic sees.
 */
@ApplicationScoped
public class PublishedComparisons {

    private final Map<String, Comparison> last = new HashMap<>();

    /**
     * Notes the last comparison of an experiment on the topic.
     *
     * @param c the record as read
     */
    public synchronized void seed(Comparison c) {
        last.put(c.getExperimentId(), content(c));
    }

    /**
     * Claims a comparison for sending: returns whether its content differs from the last one on the
     * topic, and if so counts it as the last one from now on.
     *
     * @param c the comparison to send
     * @return whether to send it
     */
    public synchronized boolean claim(Comparison c) {
        Comparison content = content(c);
        Comparison old = last.put(c.getExperimentId(), content);
        return !content.equals(old);
    }

    /**
     * Forgets a claimed comparison whose send failed, so that it is sent again when next computed.
     *
     * @param c the comparison whose send failed
     */
    public synchronized void release(Comparison c) {
        last.remove(c.getExperimentId(), content(c));
    }

    private static Comparison content(Comparison c) {
        // the constructor, not a builder copy: that deep-copies through Avro's class checks
        return new Comparison(
                c.getExperimentId(),
                c.getTeacherRunId(),
                c.getComplete(),
                c.getRows(),
                Instant.EPOCH,
                c.getGroups());
    }
}
