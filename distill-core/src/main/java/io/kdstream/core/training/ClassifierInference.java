package io.kdstream.core.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.loss.DistillationLoss;

/**
 * Runs a trained classifier on a split: accuracy and loss for evaluation, raw logits for the
 * teacher's stream.
 *
 * <p>Every batch opens {@code model.getNDManager().newSubManager()} in try-with-resources and
 * copies its results out as plain numbers before the manager closes, so no {@code NDArray} outlives
 * its batch.
 */
public final class ClassifierInference {

    private static final DistillationLoss CROSS_ENTROPY =
            new DistillationLoss("CrossEntropy", DistillationLoss.Mode.NONE, 1f, 1f);

    private ClassifierInference() {}

    /**
     * Measures accuracy and mean cross-entropy on a whole split.
     *
     * @param model the classifier, with initialized parameters
     * @param split the images to classify
     * @param batchSize the images per forward pass
     * @return the evaluation
     */
    public static SplitScore evaluate(Model model, MnistSplit split, int batchSize) {
        requirePositive(batchSize);
        long start = System.nanoTime();
        int size = split.size();
        int[] allLabels = split.labels();
        float[] pixels = split.pixels32();
        long correct = 0;
        double lossSum = 0;
        Batches batches = new Batches();
        for (int from = 0; from < size; from += batchSize) {
            int to = Math.min(size, from + batchSize);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray logits = forward(model, batch, batches.images(batch, pixels, from, to));
                // (batch) labels
                NDArray labels = batches.labels(batch, allLabels, from, to);
                correct += ClassifierTrainer.countCorrect(logits, labels);
                lossSum +=
                        (double)
                                        CROSS_ENTROPY
                                                .evaluate(new NDList(labels), new NDList(logits))
                                                .getFloat()
                                * (to - from);
            }
        }
        return new SplitScore(
                size, (int) correct, lossSum / size, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Computes the logits of the images [from, to) of a split.
     *
     * @param model the classifier, with initialized parameters
     * @param split the images
     * @param from the first image, inclusive
     * @param to the last image, exclusive
     * @param batchSize the images per forward pass
     * @return {@code (to - from) * classes} floats, shape (images, classes), row-major
     */
    public static float[] predictLogits(
            Model model, MnistSplit split, int from, int to, int batchSize) {
        requirePositive(batchSize);
        if (from < 0 || to > split.size() || from >= to) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") is not inside 0.." + split.size());
        }
        float[] out = null;
        int classes = 0;
        float[] pixels = split.pixels32();
        Batches batches = new Batches();
        for (int start = from; start < to; start += batchSize) {
            int end = Math.min(to, start + batchSize);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                float[] logits =
                        forward(model, batch, batches.images(batch, pixels, start, end))
                                .toFloatArray();
                if (out == null) {
                    classes = logits.length / (end - start);
                    out = new float[(to - from) * classes];
                }
                System.arraycopy(logits, 0, out, (start - from) * classes, logits.length);
            }
        }
        return out;
    }

    /** Returns (batch, classes) logits of (batch, channels, height, width) images. */
    private static NDArray forward(Model model, NDManager batch, NDArray x) {
        return model.getBlock()
                .forward(new ParameterStore(batch, false), new NDList(x), false)
                .singletonOrThrow();
    }

    private static void requirePositive(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }
}
