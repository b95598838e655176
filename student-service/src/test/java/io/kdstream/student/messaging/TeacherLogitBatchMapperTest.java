package io.kdstream.student.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.codec.Tensors;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.student.domain.LogitBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A logit record is used only when its images, labels, indices and logits fit together; every
 * refusal names the field at fault (it becomes the dead letter's reason).
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: the mapper is a pure function.
 */
class TeacherLogitBatchMapperTest {

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
}
