package io.kdstream.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.codec.TeacherLogitBatchDeserializer;
import io.kdstream.core.codec.TeacherLogitBatchSerializer;
import io.kdstream.core.codec.Tensors;
import io.kdstream.core.schema.TeacherLogitBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The logit record both ways: the teacher's bytes on the wire, and the student's refusal of any
 * record whose images, labels, indices and logits do not fit together; every refusal names the
 * field at fault (it becomes the dead letter's reason).
 *
 * <p>The codec is the one Kafka uses, so no broker is needed to see the exact bytes a consumer
 * gets.
 */
class TeacherLogitBatchMapperTest {

    private static final int N = 3;
    private static final int CLASSES = 10;

    /** A well-formed record of 3 images, labels 0, 9, 4. */
    static TeacherLogitBatch.Builder record() {
        float[] logits = new float[30];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = i * 0.5f - 3;
        }
        return TeacherLogitBatch.newBuilder()
                .setRunId("run-1")
                .setBatchIndex(2)
                .setBatchCount(5)
                .setSampleIndices(List.of(6, 7, 8))
                .setLabels(ByteBuffer.wrap(new byte[] {0, 9, 4}))
                .setImages(ByteBuffer.wrap(new byte[3 * 784]))
                .setImageShape(List.of(3, 28, 28))
                .setLogits(Tensors.toBytes(logits))
                .setLogitsShape(List.of(3, 10));
    }

    private static void assertRefused(Consumer<TeacherLogitBatch.Builder> change, String reason) {
        TeacherLogitBatch.Builder builder = record();
        change.accept(builder);
        assertThatThrownBy(() -> TeacherLogitBatchMapper.fromAvro(builder.build(), "run-1", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsAWellFormedRecord() {
        LogitBatch batch = TeacherLogitBatchMapper.fromAvro(record().build(), "run-1", 10);
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.batchIndex()).isEqualTo(2);
        assertThat(batch.batchCount()).isEqualTo(5);
        assertThat(batch.sampleIndices()).containsExactly(6, 7, 8);
        assertThat(batch.labels()).containsExactly(0, 9, 4);
        assertThat(batch.images()).hasSize(3 * 784);
        assertThat(batch.logits()).hasSize(30).startsWith(-3f, -2.5f);
        assertThat(batch.classes()).isEqualTo(10);
    }

    @Test
    void refusesRecordsWhosePartsDoNotFit() {
        assertRefused(b -> b.setRunId("run-2"), "runId: the record belongs to run 'run-2'");
        assertRefused(
                b -> b.setImageShape(List.of(3, 32, 32)),
                "imageShape must be [samples >= 1, 28, 28]");
        assertRefused(
                b -> b.setImages(ByteBuffer.wrap(new byte[2 * 784])),
                "images: shape [3, 28, 28] needs 2352 bytes");
        assertRefused(b -> b.setLogitsShape(List.of(3, 100)), "logitsShape must be [3, 10]");
        assertRefused(
                b -> b.setLogits(ByteBuffer.wrap(new byte[7])),
                "logits: shape [3, 10] needs 120 bytes");
        assertRefused(
                b -> b.setLabels(ByteBuffer.wrap(new byte[] {0, 10, 4})),
                "labels: label 10 of sample 1 is outside 0..9");
        assertRefused(
                b -> b.setLabels(ByteBuffer.wrap(new byte[] {0, 1})),
                "labels: shape [3] needs 3 bytes");
        assertRefused(
                b -> b.setSampleIndices(List.of(1)), "sampleIndices has 1 entries for 3 images");
        float[] nan = new float[30];
        nan[17] = Float.NaN;
        assertRefused(
                b -> b.setLogits(Tensors.toBytes(nan)),
                "logits: value NaN at index 17 is not finite");
    }

    @Test
    void readsARecordWhoseIndexIsOutsideItsRun() {
        // the student replays by offset and has never looked at the index; only the writer checks
        LogitBatch batch =
                TeacherLogitBatchMapper.fromAvro(
                        record().setBatchIndex(7).build(), "run-1", CLASSES);

        assertThat(batch.batchIndex()).isEqualTo(7);
        assertThatThrownBy(() -> TeacherLogitBatchMapper.toAvro(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchIndex 7 outside 0..4");
    }

    @Test
    void writesShapesAndTensorBytes() {
        LogitBatch batch = batch();

        TeacherLogitBatch record = TeacherLogitBatchMapper.toAvro(batch);

        assertThat(record.getRunId()).isEqualTo("run-test");
        assertThat(record.getBatchIndex()).isEqualTo(2);
        assertThat(record.getBatchCount()).isEqualTo(5);
        assertThat(record.getSampleIndices()).containsExactly(256, 257, 258);
        assertThat(record.getImageShape()).containsExactly(N, 28, 28);
        assertThat(record.getLogitsShape()).containsExactly(N, CLASSES);
        assertThat(bytes(record.getLabels())).containsExactly(7, 2, 9);
        assertThat(bytes(record.getImages())).isEqualTo(batch.images());
        // float32 little-endian, row-major: logits[1][0] = 1.0f is 00 00 80 3F at byte 40
        byte[] logits = bytes(record.getLogits());
        assertThat(logits).hasSize(N * CLASSES * Float.BYTES);
        assertThat(new byte[] {logits[40], logits[41], logits[42], logits[43]})
                .containsExactly(0x00, 0x00, 0x80, 0x3F);
        float[] decoded = new float[N * CLASSES];
        ByteBuffer.wrap(logits).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(batch.logits());
    }

    @Test
    void survivesTheKafkaCodec() {
        LogitBatch batch = batch();

        byte[] wire;
        TeacherLogitBatch back;
        try (TeacherLogitBatchSerializer serializer = new TeacherLogitBatchSerializer();
                TeacherLogitBatchDeserializer deserializer = new TeacherLogitBatchDeserializer()) {
            wire = serializer.serialize("kd.teacher-logits", TeacherLogitBatchMapper.toAvro(batch));
            back = deserializer.deserialize("kd.teacher-logits", wire);
        }
        LogitBatch read = TeacherLogitBatchMapper.fromAvro(back, "run-test", CLASSES);

        // Avro single-object encoding: the C3 01 marker, then the schema fingerprint
        assertThat(wire[0]).isEqualTo((byte) 0xC3);
        assertThat(wire[1]).isEqualTo((byte) 0x01);
        assertThat(read.runId()).isEqualTo(batch.runId());
        assertThat(read.batchIndex()).isEqualTo(batch.batchIndex());
        assertThat(read.batchCount()).isEqualTo(batch.batchCount());
        assertThat(read.sampleIndices()).containsExactly(batch.sampleIndices());
        assertThat(read.labels()).containsExactly(batch.labels());
        assertThat(read.images()).containsExactly(batch.images());
        assertThat(read.logits()).containsExactly(batch.logits());
        assertThat(read.classes()).isEqualTo(CLASSES);
    }

    @Test
    void rejectsABatchWhoseArraysDisagree() {
        assertThatThrownBy(
                        () ->
                                new LogitBatch(
                                        "run-test",
                                        0,
                                        1,
                                        new int[] {0, 1},
                                        new int[] {1},
                                        new byte[2 * 784],
                                        new float[20],
                                        CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels");
    }

    private static LogitBatch batch() {
        byte[] images = new byte[N * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 31);
        }
        float[] logits = new float[N * CLASSES];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = i == CLASSES ? 1.0f : i * 0.25f - 3f;
        }
        return new LogitBatch(
                "run-test",
                2,
                5,
                new int[] {256, 257, 258},
                new int[] {7, 2, 9},
                images,
                logits,
                CLASSES);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
