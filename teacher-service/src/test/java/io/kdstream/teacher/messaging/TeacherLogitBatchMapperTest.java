package io.kdstream.teacher.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.codec.TeacherLogitBatchDeserializer;
import io.kdstream.core.codec.TeacherLogitBatchSerializer;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.teacher.domain.LogitBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the shapes and bytes of a logit batch on the wire.
 *
 * <p>Plain JUnit, not a {@code @QuarkusTest}: the mapper is a static function of its input, and the
 * codec is the one Kafka uses, so no container is needed to see the exact bytes a consumer gets.
 */
class TeacherLogitBatchMapperTest {

    private static final int N = 3;
    private static final int CLASSES = 10;

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
        LogitBatch read = TeacherLogitBatchMapper.fromAvro(back);

        // Avro single-object encoding: the C3 01 marker, then the schema fingerprint
        assertThat(wire[0]).isEqualTo((byte) 0xC3);
        assertThat(wire[1]).isEqualTo((byte) 0x01);
        assertThat(read.runId()).isEqualTo(batch.runId());
        assertThat(read.batchIndex()).isEqualTo(batch.batchIndex());
        assertThat(read.sampleIndices()).containsExactly(batch.sampleIndices());
        assertThat(read.labels()).containsExactly(batch.labels());
        assertThat(read.images()).containsExactly(batch.images());
        assertThat(read.logits()).containsExactly(batch.logits());
        assertThat(read.height()).isEqualTo(28);
        assertThat(read.width()).isEqualTo(28);
        assertThat(read.classes()).isEqualTo(CLASSES);
    }

    @Test
    void rejectsTensorsThatDoNotMatchTheirShapes() {
        TeacherLogitBatch record = TeacherLogitBatchMapper.toAvro(batch());
        record.setLogitsShape(List.of(N, 9));

        assertThatThrownBy(() -> TeacherLogitBatchMapper.fromAvro(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits");
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
                                        new byte[] {1},
                                        new byte[2 * 784],
                                        28,
                                        28,
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
                new byte[] {7, 2, 9},
                images,
                28,
                28,
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
