package io.kdstream.core.messaging;

import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells an error that will pass (the broker is down or slow) from one that will not (the work is
 * wrong in itself): the first releases the work for a retry, the second fails it.
 */
public final class TransientErrors {

    /**
     * Timeouts of libraries kd-stream does not compile against here: Mutiny's {@code await()
     * .atMost} (the services' emitters) and the JDK's.
     */
    private static final Set<String> TIMEOUTS =
            Set.of("io.smallrye.mutiny.TimeoutException", "java.util.concurrent.TimeoutException");

    private TransientErrors() {}

    /**
     * Returns whether an error, or any of its causes, says Kafka was unavailable.
     *
     * @param error the error
     * @return {@code true} for {@link KafkaUnavailableException}, a Kafka {@link
     *     RetriableException} (timeouts, unknown leaders, disconnections) or a send's timeout
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof KafkaUnavailableException
                    || e instanceof RetriableException
                    || TIMEOUTS.contains(e.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
