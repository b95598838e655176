package io.kdstream.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.training.TrainingDivergedException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Kafka's absence is transient, wherever it sits in the cause chain; a wrong job is not. */
class TransientErrorsTest {

    @Test
    void kafkaBeingAwayIsTransientAtAnyDepth() {
        assertThat(TransientErrors.isTransient(new KafkaUnavailableException("no fetch in 60 s")))
                .isTrue();
        assertThat(TransientErrors.isTransient(new TimeoutException("metadata"))).isTrue();
        assertThat(
                        TransientErrors.isTransient(
                                new CompletionException(new NotLeaderOrFollowerException("moved"))))
                .isTrue();
        assertThat(
                        TransientErrors.isTransient(
                                new IllegalStateException(
                                        "send failed",
                                        new java.util.concurrent.TimeoutException("ack"))))
                .isTrue();
    }

    @Test
    void aWrongJobOrRecordIsNot() {
        assertThat(TransientErrors.isTransient(new TrainingDivergedException(Float.NaN, 1, 2)))
                .isFalse();
        assertThat(TransientErrors.isTransient(new IllegalArgumentException("bad alpha")))
                .isFalse();
        // Kafka refuses this record whenever it is sent: retrying cannot help
        assertThat(TransientErrors.isTransient(new RecordTooLargeException("12 MB"))).isFalse();
    }
}
