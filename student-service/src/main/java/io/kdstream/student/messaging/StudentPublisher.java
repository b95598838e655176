package io.kdstream.student.messaging;

import io.kdstream.core.messaging.HostName;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.progress.ProgressSender;
import io.kdstream.core.progress.ProgressThrottle;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.progress.TrainingProgressMapper;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.StudentCheckpoint;
import io.kdstream.student.metrics.StudentMetrics;
import io.kdstream.student.training.JobControl;
import io.kdstream.student.training.JobEvents;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Everything a student worker writes to Kafka: checkpoints, progress, final job states and dead
 * letters.
 *
 * <p>Records are keyed by the job id (dead letters by their original key). Checkpoints and final
 * statuses are chained sends: the caller blocks until the broker has them, so a job is acknowledged
 * only after its last checkpoint and its DONE are safe, and a stopped job's INTERRUPTED is on the
 * topic before its record is released to the next worker. Every record about a job carries the
 * attempt this worker trains it under. RUNNING ticks are fire-and-forget and throttled to about one
 * per second per job.
 */
@ApplicationScoped
public class StudentPublisher implements JobEvents {

    public static final String MODELS_CHANNEL = "models";
    public static final String PROGRESS_CHANNEL = "training-progress";
    public static final String JOB_STATES_CHANNEL = "job-states";
    public static final String DEAD_LETTERS_CHANNEL = "dead-letters";

    private final MutinyEmitter<ModelCheckpoint> models;
    private final MutinyEmitter<TrainingProgress> progress;
    private final MutinyEmitter<TrainingProgress> jobStates;
    private final MutinyEmitter<byte[]> deadLetters;
    private final Duration ackTimeout;
    private final String worker;
    private final StudentMetrics metrics;
    private final JobControl control;
    private final ProgressSender progressSender =
            new ProgressSender(new ProgressThrottle(1, TimeUnit.SECONDS), this::send);

    StudentPublisher(
            @Channel(MODELS_CHANNEL) MutinyEmitter<ModelCheckpoint> models,
            @Channel(PROGRESS_CHANNEL) MutinyEmitter<TrainingProgress> progress,
            @Channel(JOB_STATES_CHANNEL) MutinyEmitter<TrainingProgress> jobStates,
            @Channel(DEAD_LETTERS_CHANNEL) MutinyEmitter<byte[]> deadLetters,
            StudentConfig config,
            StudentMetrics metrics,
            JobControl control) {
        this.metrics = metrics;
        this.control = control;
        this.models = models;
        this.progress = progress;
        this.jobStates = jobStates;
        this.deadLetters = deadLetters;
        this.ackTimeout = Duration.ofSeconds(config.student().ackTimeoutSeconds());
        this.worker =
                HostName.of("student-service")
                        + "/"
                        + config.student()
                                .instanceId()
                                .orElse(UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String worker() {
        return worker;
    }

    @Override
    public void publishCheckpoint(StudentCheckpoint checkpoint) {
        ModelCheckpoint record = ModelCheckpointMapper.toAvro(checkpoint);
        record.setAttempt(control.attempt(checkpoint.jobId()));
        models.sendMessage(keyed(checkpoint.jobId(), record)).await().atMost(ackTimeout);
        metrics.published(KdTopics.MODELS);
    }

    @Override
    public void progress(ProgressUpdate update) {
        progressSender.progress(update);
    }

    @Override
    public void progressNow(ProgressUpdate update) {
        progressSender.progressNow(update);
    }

    /** Sends a tick without waiting; {@link ProgressSender} drops it if this throws. */
    private void send(ProgressUpdate update) {
        // a send the broker refuses later is dropped too: progress is best effort
        progress.sendMessage(keyed(update.id(), record(update)))
                .subscribe()
                .with(
                        ok -> metrics.published(KdTopics.TRAINING_PROGRESS),
                        e -> Log.debugf(e, "Progress tick for %s dropped", update.id()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A job's final state (DONE, FAILED, REJECTED) also goes to the compacted job-states topic,
     * before it returns: the job is acknowledged only once both topics have it.
     */
    @Override
    public void progressAndWait(ProgressUpdate update) {
        progressSender.sent(update);
        TrainingProgress record = record(update);
        progress.sendMessage(keyed(update.id(), record)).await().atMost(ackTimeout);
        metrics.published(KdTopics.TRAINING_PROGRESS);
        if (isFinal(update)) {
            jobStates.sendMessage(keyed(update.id(), record)).await().atMost(ackTimeout);
            metrics.published(KdTopics.JOB_STATES);
        }
    }

    /** Whether an update ends a student job for good; INTERRUPTED jobs run again. */
    static boolean isFinal(ProgressUpdate update) {
        return update.kind() == ProgressUpdate.Kind.STUDENT_JOB
                && switch (update.state()) {
                    case DONE, FAILED, REJECTED -> true;
                    case RUNNING, INTERRUPTED -> false;
                };
    }

    /** A progress record, with the attempt of the job this worker trains under that id. */
    private TrainingProgress record(ProgressUpdate update) {
        TrainingProgress record = TrainingProgressMapper.toAvro(update, worker);
        record.setAttempt(control.attempt(update.id()));
        return record;
    }

    /**
     * Writes a record this worker read and could not use to the dead-letter topic, with its
     * original key and bytes and the headers SmallRye's dead-letter queue sets; waits for the
     * acknowledgement.
     *
     * @param record the record
     * @param reason why it was refused, naming the field at fault
     * @param cause the exception that refused it, or {@code null}
     * @param source what read it, for {@code kd_dead_letters_total} ({@link
     *     StudentMetrics#JOBS_SOURCE} or {@link StudentMetrics#LOGITS_SOURCE})
     * @throws RuntimeException if the broker refuses it or does not answer in time
     */
    public void deadLetter(
            ConsumerRecord<String, byte[]> record, String reason, Throwable cause, String source) {
        List<RecordHeader> headers = new ArrayList<>();
        headers.add(header("dead-letter-reason", reason));
        headers.add(header(KdTopics.DEAD_LETTER_ORIGIN_HEADER, "student-service"));
        if (cause != null) {
            headers.add(header("dead-letter-exception-class-name", cause.getClass().getName()));
            Throwable root = cause.getCause();
            if (root != null) {
                headers.add(header("dead-letter-cause", String.valueOf(root.getMessage())));
                headers.add(header("dead-letter-cause-class-name", root.getClass().getName()));
            }
        }
        headers.add(header("dead-letter-topic", record.topic()));
        headers.add(header("dead-letter-partition", String.valueOf(record.partition())));
        headers.add(header("dead-letter-offset", String.valueOf(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build();
        deadLetters
                .sendMessage(Message.of(record.value(), Metadata.of(metadata)))
                .await()
                .atMost(ackTimeout);
        metrics.published(KdTopics.DEAD_LETTERS);
        metrics.deadLetter(source);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(
                name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(
                payload,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
