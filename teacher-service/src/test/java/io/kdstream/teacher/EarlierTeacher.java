package io.kdstream.teacher;

import ai.djl.Device;
import ai.djl.Model;
import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.domain.TeacherProfile;
import io.kdstream.teacher.domain.TeacherSettings;
import io.kdstream.teacher.messaging.ModelCheckpointMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Leaves on the shared test broker what an earlier teacher with {@link TinyTeacherResource}'s
 * settings (and another train limit) left, before the teacher under test starts: its last
 * checkpoint, and a manifest of a run that streamed it, marked as the teacher marks them unless a
 * test forges them.
 *
 * <p>Each class that uses it picks its own train limit, so that its earlier teacher matches no
 * other class' teacher on the same broker.
 */
public final class EarlierTeacher {

    /** The identity the teacher writes in its records' {@code kd-producer} header. */
    public static final String TEACHER = "teacher-service";

    private EarlierTeacher() {}

    /** The settings of a tiny teacher on {@code trainLimit} images. */
    public static TeacherSettings settings(int trainLimit) {
        TeacherSettings quick = TeacherProfile.QUICK.settings();
        return new TeacherSettings(
                quick.profile(),
                quick.architecture(),
                TinyTeacherResource.EPOCHS,
                TinyTeacherResource.LEARNING_RATE,
                quick.momentum(),
                TinyTeacherResource.BATCH_SIZE,
                quick.seed(),
                quick.weightInit(),
                trainLimit);
    }

    /** The teacher's configuration for {@code trainLimit} images, reusing finished work. */
    public static Map<String, String> config(int trainLimit) {
        Map<String, String> config = TinyTeacherResource.config();
        config.put("kd.teacher.train-limit", String.valueOf(trainLimit));
        config.put("kd.teacher.reuse-finished-work", "true");
        return config;
    }

    /**
     * Publishes the last checkpoint of a training with these settings: freshly initialised weights,
     * which load and stream like trained ones.
     *
     * @return its model id, {@code <trainingId>-e<epochs>}
     */
    public static String publishLastCheckpoint(String trainingId, TeacherSettings settings) {
        return publishLastCheckpoint(trainingId, settings, TEACHER);
    }

    /**
     * Publishes the last checkpoint of a training with these settings, as {@link
     * #publishLastCheckpoint(String, TeacherSettings)} does, under another producer identity.
     *
     * @param producer the {@code kd-producer} header, or {@code null} for none (a forgery)
     * @return its model id
     */
    public static String publishLastCheckpoint(
            String trainingId, TeacherSettings settings, String producer) {
        String servers = LocalKafkaTestResource.sharedBootstrapServers();
        TopicProvisioner.ensure(KafkaClientConfig.of(servers), KdTopics.all("kd."), 60);
        TeacherCheckpoint checkpoint;
        try (Model model =
                ClassifierTrainer.newModel(
                        settings.architecture(), settings.weightInit(), Device.cpu())) {
            checkpoint =
                    new TeacherCheckpoint(
                            TeacherCheckpoint.modelId(trainingId, settings.epochs()),
                            trainingId,
                            settings.architecture(),
                            settings.epochs(),
                            settings.epochs(),
                            0.1,
                            null,
                            Architecture.countParameters(model.getBlock()),
                            Checkpoints.toBytes(model.getBlock()),
                            settings.hyperparameters(settings.trainSamples(), Device.cpu()),
                            Instant.now());
        }
        try (TopicRecords records = new TopicRecords(servers);
                ModelCheckpointSerializer serializer = new ModelCheckpointSerializer()) {
            records.send(
                    "kd.models",
                    null,
                    checkpoint.modelId(),
                    serializer.serialize("kd.models", ModelCheckpointMapper.toAvro(checkpoint)),
                    headers(producer));
        }
        return checkpoint.modelId();
    }

    /** Publishes a manifest of a run of that checkpoint, on {@code sampleCount} images. */
    public static void publishRun(String runId, String modelId, int sampleCount, RunStatus status) {
        publishRun(runId, modelId, sampleCount, status, TEACHER);
    }

    /**
     * Publishes a manifest as {@link #publishRun(String, String, int, RunStatus)} does, under
     * another producer identity.
     *
     * @param producer the {@code kd-producer} header, or {@code null} for none (a forgery)
     */
    public static void publishRun(
            String runId, String modelId, int sampleCount, RunStatus status, String producer) {
        TeacherRun run =
                TeacherRun.newBuilder()
                        .setRunId(runId)
                        .setArchitecture("tutorial-teacher")
                        .setTeacherModelId(modelId)
                        .setDatasetFingerprint("fingerprint")
                        .setSampleCount(sampleCount)
                        .setBatchSize(TinyTeacherResource.STREAM_BATCH)
                        .setBatchCount(
                                (sampleCount + TinyTeacherResource.STREAM_BATCH - 1)
                                        / TinyTeacherResource.STREAM_BATCH)
                        .setStatus(status)
                        .setLogitsTopic("kd.teacher-logits")
                        .setOffsets(List.of())
                        .setTeacherTestAccuracy(null)
                        .setReason(null)
                        .setUpdatedAt(Instant.now())
                        .build();
        try (TopicRecords records =
                        new TopicRecords(LocalKafkaTestResource.sharedBootstrapServers());
                TeacherRunSerializer serializer = new TeacherRunSerializer()) {
            records.send(
                    "kd.teacher-runs",
                    null,
                    runId,
                    serializer.serialize("kd.teacher-runs", run),
                    headers(producer));
        }
    }

    private static List<Header> headers(String producer) {
        return producer == null
                ? List.of()
                : List.of(
                        new RecordHeader(
                                ProducerIdentity.HEADER,
                                producer.getBytes(StandardCharsets.UTF_8)));
    }
}
