package io.kdstream.core.training;

import io.kdstream.core.data.Preprocessing;
import java.util.Objects;

/**
 * One training step's data in plain arrays: images, hard labels and, when distilling, the teacher's
 * logits for the same images, in the same order.
 *
 * <p>An {@link EpochSource} produces these; {@link ClassifierTrainer} copies them into the step's
 * arrays through one reused buffer, so no {@code NDArray} is ever created outside the trainer.
 *
 * @param pixels the resized images, (batch, 1, 32, 32) row-major, values in [0, 1]
 * @param labels the hard labels, (batch)
 * @param teacherLogits the teacher's logits, (batch, classes) row-major, or {@code null} when the
 *     loss does not need them
 */
public record TrainingBatch(float[] pixels, int[] labels, float[] teacherLogits) {

    /** Checks that the arrays describe the same number of images. */
    public TrainingBatch {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (labels.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        if (pixels.length != labels.length * Preprocessing.DST_PIXELS) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels need "
                            + labels.length * Preprocessing.DST_PIXELS
                            + " pixels of 32x32 images, got "
                            + pixels.length);
        }
        if (teacherLogits != null && teacherLogits.length % labels.length != 0) {
            throw new IllegalArgumentException(
                    teacherLogits.length
                            + " teacher logits are not a whole row per image for "
                            + labels.length
                            + " images");
        }
    }

    /**
     * Returns the number of images.
     *
     * @return the batch size of this step
     */
    public int size() {
        return labels.length;
    }
}
