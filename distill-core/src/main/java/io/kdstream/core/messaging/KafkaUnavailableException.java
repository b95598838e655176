package io.kdstream.core.messaging;

/**
 * Kafka did not answer in time: the work that needed it can be retried once the broker is back.
 * Thrown by kd-stream's own readers, where the Kafka client itself only returns empty polls.
 */
public class KafkaUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read or written, and for how long it was tried
     */
    public KafkaUnavailableException(String message) {
        super(message);
    }
}
