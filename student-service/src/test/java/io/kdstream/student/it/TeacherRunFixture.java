package io.kdstream.student.it;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.codec.TeacherLogitBatchSerializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.codec.Tensors;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.TrainingSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a teacher run the way the teacher-service does, from the test JVM: a teacher trained
 * for one epoch on 1,000 MNIST images, its logit batches for the first N training images on the
 * logits topic (key: the run id), then the COMPLETE manifest with the exact offsets.
 *
 * <p>Malformed records can be slipped in between the batches, inside the run's offset range.
 */
public final class TeacherRunFixture {

    /** Images per logit record, as the teacher's default. */
    public static final int RECORD_IMAGES = 128;

    /** The producer identity of the teacher service, as its manifests carry it. */
    public static final String TEACHER = "teacher-service";

    private static byte[] teacherParameters;

    /** A malformed record of the run. */
    public enum Malformed {
        /** Bytes that are not Avro at all. */
        GARBAGE,
        /** A record that decodes, whose second label is 12. */
        BAD_LABEL
    }

    /**
     * What was published.
     *
     * @param runId the run
     * @param samples images in the run
     * @param batchCount well-formed records
     * @param partition the logits partition all records went to
     * @param malformedOffsets offsets of the malformed records
     */
    public record Published(
            String runId,
            int samples,
            int batchCount,
            int partition,
            List<Long> malformedOffsets) {}

    private TeacherRunFixture() {}

    /**
     * Publishes a COMPLETE run.
     *
     * @param kafka the client, with the test's prefix
     * @param runId the run id
     * @param images the number of training images streamed
     * @param malformed malformed records to put after the third batch
     * @return what was published
     */
    public static Published publish(
            KafkaTestClient kafka, String runId, int images, Malformed... malformed) {
        MnistSplit split = Mnist.train(Mnist.defaultDataDir()).subset(images);
        float[] logits = teacherLogits(split);
        int batchCount = (images + RECORD_IMAGES - 1) / RECORD_IMAGES;
        List<Long> malformedOffsets = new ArrayList<>();
        long first = -1;
        long last = -1;
        int partition = -1;
        try (TeacherLogitBatchSerializer serializer = new TeacherLogitBatchSerializer()) {
            String topic = kafka.topic(KdTopics.TEACHER_LOGITS);
            for (int b = 0; b < batchCount; b++) {
                int from = b * RECORD_IMAGES;
                int to = Math.min(images, from + RECORD_IMAGES);
                TeacherLogitBatch record = batch(runId, b, batchCount, split, logits, from, to);
                RecordMetadata at =
                        kafka.send(
                                KdTopics.TEACHER_LOGITS,
                                null,
                                runId,
                                serializer.serialize(topic, record));
                first = first < 0 ? at.offset() : first;
                last = at.offset();
                partition = at.partition();
                if (b == 2) {
                    for (Malformed kind : malformed) {
                        byte[] bytes =
                                kind == Malformed.GARBAGE
                                        ? "these bytes are no TeacherLogitBatch"
                                                .getBytes(StandardCharsets.UTF_8)
                                        : serializer.serialize(
                                                topic,
                                                withLabel(
                                                        batch(
                                                                runId,
                                                                b,
                                                                batchCount,
                                                                split,
                                                                logits,
                                                                from,
                                                                to),
                                                        1,
                                                        12));
                        RecordMetadata bad =
                                kafka.send(KdTopics.TEACHER_LOGITS, null, runId, bytes);
                        malformedOffsets.add(bad.offset());
                        last = bad.offset();
                    }
                }
            }
        }
        TeacherRun manifest =
                TeacherRun.newBuilder()
                        .setRunId(runId)
                        .setArchitecture(ArchitectureRegistry.TUTORIAL_TEACHER)
                        .setTeacherModelId("fixture-teacher-e1")
                        .setDatasetFingerprint(split.fingerprint())
                        .setSampleCount(images)
                        .setBatchSize(RECORD_IMAGES)
                        .setBatchCount(batchCount)
                        .setStatus(RunStatus.COMPLETE)
                        .setLogitsTopic(kafka.topic(KdTopics.TEACHER_LOGITS))
                        .setOffsets(List.of(new PartitionRange(partition, first, last + 1)))
                        .setTeacherTestAccuracy(null)
                        .setReason(null)
                        .setUpdatedAt(Instant.now())
                        .build();
        try (TeacherRunSerializer serializer = new TeacherRunSerializer()) {
            // marked as the teacher marks its manifests, so workers that check it accept it
            kafka.sendAs(
                    KdTopics.TEACHER_RUNS,
                    runId,
                    serializer.serialize(kafka.topic(KdTopics.TEACHER_RUNS), manifest),
                    TEACHER);
        }
        return new Published(runId, images, batchCount, partition, malformedOffsets);
    }

    private static TeacherLogitBatch batch(
            String runId,
            int b,
            int batchCount,
            MnistSplit split,
            float[] logits,
            int from,
            int to) {
        int n = to - from;
        byte[] labels = new byte[n];
        List<Integer> indices = new ArrayList<>();
        for (int i = from; i < to; i++) {
            labels[i - from] = (byte) split.labels()[i];
            indices.add(i);
        }
        return TeacherLogitBatch.newBuilder()
                .setRunId(runId)
                .setBatchIndex(b)
                .setBatchCount(batchCount)
                .setSampleIndices(indices)
                .setLabels(ByteBuffer.wrap(labels))
                .setImages(
                        ByteBuffer.wrap(
                                Arrays.copyOfRange(
                                        split.rawImages(),
                                        from * Preprocessing.SRC_PIXELS,
                                        to * Preprocessing.SRC_PIXELS)))
                .setImageShape(List.of(n, Preprocessing.SRC, Preprocessing.SRC))
                .setLogits(Tensors.toBytes(Arrays.copyOfRange(logits, from * 10, to * 10)))
                .setLogitsShape(List.of(n, 10))
                .build();
    }

    private static TeacherLogitBatch withLabel(TeacherLogitBatch record, int sample, int label) {
        ByteBuffer labels = record.getLabels().duplicate();
        byte[] bytes = new byte[labels.remaining()];
        labels.get(bytes);
        bytes[sample] = (byte) label;
        record.setLabels(ByteBuffer.wrap(bytes));
        return record;
    }

    /** The teacher's logits for the split's images, (images, 10). */
    private static float[] teacherLogits(MnistSplit split) {
        try (Model teacher =
                Checkpoints.newModel(
                        ArchitectureRegistry.TUTORIAL_TEACHER, Device.cpu(), teacherParameters())) {
            return ClassifierInference.predictLogits(teacher, split, 0, split.size(), 500);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trains the teacher once per JVM: one epoch on 1,000 images takes well under a second. */
    private static synchronized byte[] teacherParameters() {
        if (teacherParameters == null) {
            TrainingSpec spec =
                    TrainingSpec.builder(ArchitectureRegistry.TUTORIAL_TEACHER)
                            .optNoDistillation()
                            .optSgd(0.05f, 0.9f)
                            .optBatchSize(32)
                            .optSeed(1)
                            .build();
            try (Model model = ClassifierTrainer.newModel(spec)) {
                ClassifierTrainer.fit(
                        model,
                        spec,
                        Mnist.train(Mnist.defaultDataDir()).subset(1000),
                        null,
                        ProgressListener.NONE);
                teacherParameters = Checkpoints.toBytes(model.getBlock());
            }
        }
        return teacherParameters;
    }
}
