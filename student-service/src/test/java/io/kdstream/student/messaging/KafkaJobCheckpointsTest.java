package io.kdstream.student.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint look-up reads only the partition the producer put a job's checkpoints in.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: a pure function; {@code ResumeAfterStopIT} finds real
 * checkpoints with it.
 */
class KafkaJobCheckpointsTest {

    @Test
    void partitionOfAJobIsTheProducersPartitionForItsKey() {
        for (String jobId :
                new String[] {"job-1", "exp-run-std-hinton", "exp-run-std-scratch", ""}) {
            for (int partitions : new int[] {1, 3, 8}) {
                assertThat(KafkaJobCheckpoints.partitionForKey(jobId, partitions))
                        .as("%s over %d partitions", jobId, partitions)
                        .isEqualTo(
                                BuiltInPartitioner.partitionForKey(
                                        jobId.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
