package io.kdstream.student.messaging;

import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.PartitionRef;
import io.kdstream.student.training.JobControl;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells {@link JobControl} which student-jobs partitions this worker owns, and stops the running
 * job when its partition is revoked or lost.
 *
 * <p>Kafka calls {@code onPartitionsRevoked} on the consumer's polling thread and hands the
 * partitions over only once it returns, so it waits here, bounded by {@code
 * kd.student.stop-timeout-seconds}, until the job has stopped (within one training step): that is
 * what guarantees a job never trains on two workers at once. The channel uses the cooperative
 * sticky assignor, so a rebalance revokes only the partitions that move, and a job whose partition
 * stays keeps training.
 */
@ApplicationScoped
@Identifier(JobRebalanceListener.NAME)
public class JobRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name the student-jobs channel refers to ({@code consumer-rebalance-listener.name}). */
    public static final String NAME = "student-jobs-rebalance";

    private final JobControl control;
    private final Duration stopTimeout;

    JobRebalanceListener(JobControl control, StudentConfig config) {
        this.control = control;
        this.stopTimeout = Duration.ofSeconds(config.student().stopTimeoutSeconds());
    }

    @Override
    public void onPartitionsAssigned(
            Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            control.assigned(refs(partitions));
        }
    }

    @Override
    public void onPartitionsRevoked(
            Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            control.revoked(refs(partitions), stopTimeout);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // lost (the session expired): another worker may own them already, so stop at once
        if (!partitions.isEmpty()) {
            control.revoked(refs(partitions), stopTimeout);
        }
    }

    private static List<PartitionRef> refs(Collection<TopicPartition> partitions) {
        return partitions.stream().map(p -> new PartitionRef(p.topic(), p.partition())).toList();
    }
}
