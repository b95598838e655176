package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.TransientErrors;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Sends that outlast a broker outage: a send that fails because Kafka is away is tried again with
 * growing pauses, for as long as the outage may reasonably last; any other failure is final at
 * once. Without it, a valid checkpoint whose evaluation could not be published within 60 s went to
 * the dead-letter topic.
 */
final class Redelivery {

    /** First pause between tries. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    /** Longest pause between tries. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private Redelivery() {}

    /**
     * Sends, and waits until the send succeeded.
     *
     * @param send the send; subscribing to it again sends again (as {@code MutinyEmitter.send})
     * @param giveUpAfter how long to keep trying while Kafka is away
     * @param firstPause the first pause; it doubles up to {@link #LONGEST_PAUSE}
     * @throws RuntimeException the send's last failure: a non-transient one at once, a transient
     *     one after {@code giveUpAfter}
     */
    static void await(Uni<Void> send, Duration giveUpAfter, Duration firstPause) {
        send.onFailure(TransientErrors::isTransient)
                .retry()
                .withBackOff(firstPause, LONGEST_PAUSE)
                .expireIn(giveUpAfter.toMillis())
                .await()
                .indefinitely();
    }
}
