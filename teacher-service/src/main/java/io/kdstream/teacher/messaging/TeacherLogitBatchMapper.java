package io.kdstream.teacher.messaging;

import io.kdstream.core.codec.Tensors;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.teacher.domain.LogitBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between {@link LogitBatch} and the Avro {@link TeacherLogitBatch}.
 *
 * <p>Images and labels travel as uint8, logits as float32 little-endian, each row-major with its
 * shape beside it: {@code imageShape} (samples, height, width), {@code logitsShape} (samples,
 * classes).
 */
public final class TeacherLogitBatchMapper {

    private TeacherLogitBatchMapper() {}

    /**
     * Builds the Avro record of a batch.
     *
     * @param batch the batch
     * @return the record
     */
    public static TeacherLogitBatch toAvro(LogitBatch batch) {
        int n = batch.size();
        List<Integer> indices = new ArrayList<>(n);
        for (int index : batch.sampleIndices()) {
            indices.add(index);
        }
        return TeacherLogitBatch.newBuilder()
                .setRunId(batch.runId())
                .setBatchIndex(batch.batchIndex())
                .setBatchCount(batch.batchCount())
                .setSampleIndices(indices)
                .setLabels(ByteBuffer.wrap(batch.labels()))
                .setImages(ByteBuffer.wrap(batch.images()))
                .setImageShape(List.of(n, batch.height(), batch.width()))
                .setLogits(Tensors.toBytes(batch.logits()))
                .setLogitsShape(List.of(n, batch.classes()))
                .build();
    }

    /**
     * Reads an Avro record back, checking every byte count against its shape.
     *
     * @param record the record
     * @return the batch
     * @throws IllegalArgumentException if a tensor does not match its shape or the shapes disagree
     *     on the number of samples
     */
    public static LogitBatch fromAvro(TeacherLogitBatch record) {
        List<Integer> imageShape = record.getImageShape();
        List<Integer> logitsShape = record.getLogitsShape();
        if (imageShape.size() != 3 || logitsShape.size() != 2) {
            throw new IllegalArgumentException(
                    "imageShape must be (samples, height, width) and logitsShape (samples, classes),"
                            + " got "
                            + imageShape
                            + " and "
                            + logitsShape);
        }
        byte[] images = Tensors.toUint8(record.getImages(), imageShape, "images");
        float[] logits = Tensors.toFloats(record.getLogits(), logitsShape, "logits");
        int n = imageShape.get(0);
        byte[] labels = Tensors.toUint8(record.getLabels(), List.of(n), "labels");
        List<Integer> indexList = record.getSampleIndices();
        int[] indices = new int[indexList.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = indexList.get(i);
        }
        if (logitsShape.get(0) != n || indices.length != n) {
            throw new IllegalArgumentException(
                    "sample counts disagree: imageShape "
                            + imageShape
                            + ", logitsShape "
                            + logitsShape
                            + ", "
                            + indices.length
                            + " sample indices");
        }
        return new LogitBatch(
                record.getRunId(),
                record.getBatchIndex(),
                record.getBatchCount(),
                indices,
                labels,
                images,
                imageShape.get(1),
                imageShape.get(2),
                logits,
                logitsShape.get(1));
    }
}
