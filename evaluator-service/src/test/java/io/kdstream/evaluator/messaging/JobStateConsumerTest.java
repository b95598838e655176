package io.kdstream.evaluator.messaging;

import static io.kdstream.evaluator.messaging.JobStateConsumer.JOB_STATES_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkState;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A final job state read from the compacted job-states topic alone, as after a restart once
 * training-progress has dropped the job's records, becomes the job's state.
 */
@QuarkusTest
class JobStateConsumerTest {

    @Inject @Any InMemoryConnector connector;

    @Inject EvaluatorState state;

    @Test
    void aFinalStateOnJobStatesAloneIsTheJobsState() {
        TrainingProgress failed = Records.progress("job-only-on-job-states", WorkState.FAILED, 2);
        failed.setReason("diverged: loss is NaN");

        connector.source(JOB_STATES_CHANNEL).send(failed);

        JobProgress restored =
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> state.progress("job-only-on-job-states"), p -> p != null);
        assertThat(restored.state()).isEqualTo(WorkState.FAILED);
        assertThat(restored.reason()).isEqualTo("diverged: loss is NaN");
        assertThat(restored.gaveUp()).isTrue();
    }
}
