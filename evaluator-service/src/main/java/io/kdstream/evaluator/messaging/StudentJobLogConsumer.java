package io.kdstream.evaluator.messaging;

import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads the student-jobs topic back, from the beginning at every start: experiments are the jobs on
 * this topic, whoever submitted them.
 *
 * <p>The record's partition and offset tell the experiment service when the replay has caught up,
 * after which a COMPLETE run without its standard experiment really has none.
 */
@ApplicationScoped
public class StudentJobLogConsumer {

    static final String STUDENT_JOB_LOG_CHANNEL = "student-job-log";

    private final ExperimentService experiments;
    private final IncomingRecords records;

    public StudentJobLogConsumer(ExperimentService experiments, IncomingRecords records) {
        this.experiments = experiments;
        this.records = records;
    }

    @Incoming(STUDENT_JOB_LOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<StudentJob> message) {
        Optional<IncomingKafkaRecordMetadata> kafka =
                message.getMetadata(IncomingKafkaRecordMetadata.class);
        return records.handle(
                STUDENT_JOB_LOG_CHANNEL,
                message,
                "StudentJob",
                job ->
                        experiments.onLoggedJob(
                                StudentJobMapper.toDomain(job),
                                kafka.map(IncomingKafkaRecordMetadata::getPartition).orElse(null),
                                kafka.map(IncomingKafkaRecordMetadata::getOffset).orElse(null)));
    }
}
