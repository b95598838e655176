package io.kdstream.teacher.messaging;

import io.kdstream.core.messaging.HostName;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.progress.ProgressSender;
import io.kdstream.core.progress.ProgressThrottle;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.progress.TrainingProgressMapper;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherLogitBatchMapper;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.metrics.TeacherMetrics;
import io.kdstream.teacher.training.TeacherEvents;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Everything the teacher writes to Kafka: logit batches, run manifests, checkpoints and progress.
 *
 * <p>Each record is keyed by its run, model or training id. Manifests and checkpoints are chained
 * sends: the caller blocks until the broker acknowledged them, because a manifest must be on the
 * broker before the first batch of its run, and a checkpoint before the manifest that names it.
 * Logit batches return their partition and offset, read from the send result ({@link
 * OutgoingMessageMetadata} holds the producer's {@link RecordMetadata}), so the COMPLETE manifest
 * can list exact offsets. Progress ticks are fire-and-forget and throttled to about one per second
 * per id.
 */
@ApplicationScoped
public class TeacherPublisher implements TeacherEvents {

    static final String LOGITS_CHANNEL = "teacher-logits";
    static final String RUNS_CHANNEL = "teacher-runs";
    static final String MODELS_CHANNEL = "models";
    static final String PROGRESS_CHANNEL = "training-progress";

    private final MutinyEmitter<TeacherLogitBatch> logits;
    private final MutinyEmitter<TeacherRun> runs;
    private final MutinyEmitter<ModelCheckpoint> models;
    private final MutinyEmitter<TrainingProgress> progress;
    private final Duration ackTimeout;
    private final String worker;
    private final TeacherMetrics metrics;
    private final ProgressSender progressSender =
            new ProgressSender(new ProgressThrottle(1, TimeUnit.SECONDS), this::send);

    TeacherPublisher(
            @Channel(LOGITS_CHANNEL) MutinyEmitter<TeacherLogitBatch> logits,
            @Channel(RUNS_CHANNEL) MutinyEmitter<TeacherRun> runs,
            @Channel(MODELS_CHANNEL) MutinyEmitter<ModelCheckpoint> models,
            @Channel(PROGRESS_CHANNEL) MutinyEmitter<TrainingProgress> progress,
            TeacherConfig config,
            TeacherMetrics metrics) {
        this.metrics = metrics;
        this.logits = logits;
        this.runs = runs;
        this.models = models;
        this.progress = progress;
        this.ackTimeout = Duration.ofSeconds(config.teacher().ackTimeoutSeconds());
        this.worker = HostName.of("teacher-service");
    }

    @Override
    public void publishManifest(RunManifest manifest) {
        runs.sendMessage(keyed(manifest.runId(), TeacherRunMapper.toAvro(manifest)))
                .await()
                .atMost(ackTimeout);
        metrics.published(KdTopics.TEACHER_RUNS);
    }

    @Override
    public void publishCheckpoint(TeacherCheckpoint checkpoint) {
        models.sendMessage(keyed(checkpoint.modelId(), ModelCheckpointMapper.toAvro(checkpoint)))
                .await()
                .atMost(ackTimeout);
        metrics.published(KdTopics.MODELS);
    }

    @Override
    public CompletableFuture<Position> publishBatch(LogitBatch batch) {
        OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
        Message<TeacherLogitBatch> message =
                Message.of(
                        TeacherLogitBatchMapper.toAvro(batch),
                        Metadata.of(kafkaKey(batch.runId()), result));
        return logits.sendMessage(message)
                .subscribeAsCompletionStage()
                .thenApply(
                        ignored -> {
                            RecordMetadata metadata = result.getResult();
                            if (metadata == null || !metadata.hasOffset()) {
                                throw new IllegalStateException(
                                        "batch "
                                                + batch.batchIndex()
                                                + " was acknowledged without an offset");
                            }
                            metrics.published(KdTopics.TEACHER_LOGITS);
                            return new Position(metadata.partition(), metadata.offset());
                        });
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
        progress.sendMessageAndForget(
                keyed(update.id(), TrainingProgressMapper.toAvro(update, worker)));
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload, Metadata.of(kafkaKey(key)));
    }

    private static OutgoingKafkaRecordMetadata<String> kafkaKey(String key) {
        return OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
    }
}
