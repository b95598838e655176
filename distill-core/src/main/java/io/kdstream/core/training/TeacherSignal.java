package io.kdstream.core.training;

/**
 * Supplies a teacher's logits for training images, by their index in the training split.
 *
 * <p>The student never runs the teacher itself: the logits arrive over Kafka, or, in tests, come
 * from a teacher evaluated beforehand. Implementations return plain floats so that no {@code
 * NDArray} crosses from messaging code into the training loop.
 */
@FunctionalInterface
public interface TeacherSignal {

    /**
     * Returns the teacher logits of the given images.
     *
     * @param indices indices into the training split, in batch order
     * @return {@code indices.length * numClasses} floats, shape (batch, classes), row-major
     */
    float[] logits(int[] indices);

    /**
     * Creates a signal from the logits of a whole split.
     *
     * @param allLogits {@code size * numClasses} floats, shape (size, classes), row-major; not
     *     copied
     * @param numClasses the number of classes
     * @return the signal
     */
    static TeacherSignal fromLogits(float[] allLogits, int numClasses) {
        if (numClasses < 1 || allLogits.length % numClasses != 0) {
            throw new IllegalArgumentException(
                    allLogits.length + " logits are not a whole number of rows of " + numClasses);
        }
        return indices -> {
            float[] out = new float[indices.length * numClasses];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(
                        allLogits, indices[i] * numClasses, out, i * numClasses, numClasses);
            }
            return out;
        };
    }
}
