package io.kdstream.core.run;

import io.kdstream.core.codec.Tensors;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.schema.TeacherLogitBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between {@link LogitBatch} and the Avro {@link TeacherLogitBatch} record, both ways in
 * one place so that what the teacher writes and what the student accepts cannot drift apart.
 *
 * <p>Images and labels travel as uint8, logits as float32 little-endian, each row-major with its
 * shape beside it: {@code imageShape} (samples, 28, 28), {@code logitsShape} (samples, classes).
 *
 * <p>A record that decodes is still refused when its parts do not fit together: the student trains
 * on images, labels and logits by position, so one wrong length would pair an image with another
 * image's label. Every message names the field at fault (it becomes the dead letter's reason).
 */
public final class TeacherLogitBatchMapper {

    private TeacherLogitBatchMapper() {}

    /**
     * Builds the Avro record of a batch.
     *
     * @param batch the batch
     * @return the record
     * @throws IllegalArgumentException if the batch's index is outside its run
     */
    public static TeacherLogitBatch toAvro(LogitBatch batch) {
        // checked here, not in the record: the reader has never refused a record for its index
        // (the student replays by offset), and must not start to
        if (batch.batchIndex() < 0 || batch.batchIndex() >= batch.batchCount()) {
            throw new IllegalArgumentException(
                    "batchIndex " + batch.batchIndex() + " outside 0.." + (batch.batchCount() - 1));
        }
        int n = batch.size();
        List<Integer> indices = new ArrayList<>(n);
        for (int index : batch.sampleIndices()) {
            indices.add(index);
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) batch.labels()[i];
        }
        return TeacherLogitBatch.newBuilder()
                .setRunId(batch.runId())
                .setBatchIndex(batch.batchIndex())
                .setBatchCount(batch.batchCount())
                .setSampleIndices(indices)
                .setLabels(ByteBuffer.wrap(labels))
                .setImages(ByteBuffer.wrap(batch.images()))
                .setImageShape(List.of(n, Preprocessing.SRC, Preprocessing.SRC))
                .setLogits(Tensors.toBytes(batch.logits()))
                .setLogitsShape(List.of(n, batch.classes()))
                .build();
    }

    /**
     * Reads and checks a logit record of a run.
     *
     * @param record the decoded record
     * @param runId the run the record must belong to
     * @param classes the classes the logits must have
     * @return the batch
     * @throws IllegalArgumentException if a field is inconsistent with the others or out of range
     */
    public static LogitBatch fromAvro(TeacherLogitBatch record, String runId, int classes) {
        if (!runId.equals(record.getRunId())) {
            throw new IllegalArgumentException(
                    "runId: the record belongs to run '"
                            + record.getRunId()
                            + "', its key to run '"
                            + runId
                            + "'");
        }
        List<Integer> imageShape = record.getImageShape();
        if (imageShape.size() != 3
                || imageShape.get(0) < 1
                || imageShape.get(1) != Preprocessing.SRC
                || imageShape.get(2) != Preprocessing.SRC) {
            throw new IllegalArgumentException(
                    "imageShape must be [samples >= 1, 28, 28], got " + imageShape);
        }
        int n = imageShape.get(0);
        List<Integer> logitsShape = record.getLogitsShape();
        if (logitsShape.size() != 2 || logitsShape.get(0) != n || logitsShape.get(1) != classes) {
            throw new IllegalArgumentException(
                    "logitsShape must be [" + n + ", " + classes + "], got " + logitsShape);
        }
        List<Integer> indexList = record.getSampleIndices();
        if (indexList.size() != n) {
            throw new IllegalArgumentException(
                    "sampleIndices has " + indexList.size() + " entries for " + n + " images");
        }
        byte[] images = Tensors.toUint8(record.getImages(), imageShape, "images");
        float[] logits = Tensors.toFloats(record.getLogits(), logitsShape, "logits");
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new IllegalArgumentException(
                        "logits: value " + logits[i] + " at index " + i + " is not finite");
            }
        }
        byte[] labelBytes = Tensors.toUint8(record.getLabels(), List.of(n), "labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = Byte.toUnsignedInt(labelBytes[i]);
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "labels: label "
                                + labels[i]
                                + " of sample "
                                + i
                                + " is outside 0.."
                                + (classes - 1));
            }
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = indexList.get(i);
        }
        return new LogitBatch(
                record.getRunId(),
                record.getBatchIndex(),
                record.getBatchCount(),
                indices,
                labels,
                images,
                logits,
                classes);
    }
}
