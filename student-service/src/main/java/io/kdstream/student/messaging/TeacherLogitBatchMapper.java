package io.kdstream.student.messaging;

import io.kdstream.core.codec.Tensors;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.student.domain.LogitBatch;
import java.util.List;

/**
 * Converts a {@link TeacherLogitBatch} record to a checked {@link LogitBatch}.
 *
 * <p>A record that decodes is still refused when its parts do not fit together: the student trains
 * on images, labels and logits by position, so one wrong length would pair an image with another
 * image's label. Every message names the field at fault.
 */
public final class TeacherLogitBatchMapper {

    private TeacherLogitBatchMapper() {}

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
        if (record.getSampleIndices().size() != n) {
            throw new IllegalArgumentException(
                    "sampleIndices has "
                            + record.getSampleIndices().size()
                            + " entries for "
                            + n
                            + " images");
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
        return new LogitBatch(
                record.getRunId(), record.getBatchIndex(), n, labels, images, logits, classes);
    }
}
