package io.kdstream.student.messaging;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.JobOutcome;
import io.kdstream.student.domain.PartitionRef;
import io.kdstream.student.health.StudentMetrics;
import io.kdstream.student.training.JobControl.RunningJob;
import io.kdstream.student.training.JobControl;
import io.kdstream.student.training.StudentJobService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes student jobs from the student-jobs topic, one at a time, as a member of the student-service
 * consumer group.
 *
 * <p>A job trains for minutes on the {@code training} worker pool ({@code max-concurrency=1}), and
 * its record is acknowledged only when the job reached a final state (DONE, REJECTED, FAILED): with
 * {@code commit-strategy=latest} and one job at a time, the committed offset of a partition never
 * passes a job that has not ended. A job stopped by a rebalance or a shutdown is not acknowledged,
 * so the partition's next owner reads it again and resumes it from its last checkpoint.
 */
@ApplicationScoped
public class StudentJobConsumer {

    public static final String JOBS_CHANNEL = "student-jobs";

    private final StudentJobService service;
    private final JobControl control;
    private final Duration stopTimeout;
    private final StudentMetrics metrics;

    StudentJobConsumer(
            StudentJobService service,
            JobControl control,
            StudentConfig config,
            StudentMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
        this.control = control;
        this.stopTimeout = Duration.ofSeconds(config.student().stopTimeoutSeconds());
    }

    /**
     * Runs one job, on the training pool.
     *
     * @param message the job record
     * @return completes once the record is acknowledged, or at once when it is left unacknowledged
     */
    @Incoming(JOBS_CHANNEL)
    @Blocking("training")
    public CompletionStage<Void> consume(Message<StudentJob> message) {
        if (message.getPayload() == null) {
            // an undecodable record (fail-on-deserialization-failure=false): the failure strategy
            // writes it to the dead-letter topic
            metrics.deadLetter(StudentMetrics.JOBS_SOURCE);
            return message.nack(
                    new IllegalArgumentException("the student job record has no value"));
        }
        JobSpec job = StudentJobMapper.toDomain(message.getPayload());
        PartitionRef partition =
                message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(m -> new PartitionRef(m.getTopic(), m.getPartition()))
                        .orElse(null);
        Optional<RunningJob> handle = control.begin(job.jobId(), partition);
        if (handle.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        JobOutcome outcome;
        try {
            outcome = service.run(job, handle.get());
        } finally {
            // before the ack: a rebalance waiting for this job must not wait for the commit
            control.end(handle.get());
        }
        Log.debugf("Job %s ended %s", job.jobId(), outcome);
        return outcome.acknowledge() ? message.ack() : CompletableFuture.completedFuture(null);
    }

    /**
     * Stops the running job at its next step when the service shuts down, before the channels
     * close, so that its INTERRUPTED status still goes out.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        control.shutdown("the worker is shutting down", stopTimeout);
    }
}
