package io.kdstream.core.training;

import io.kdstream.core.data.BatchOrder;
import io.kdstream.core.data.MnistSplit;

/**
 * Where {@link ClassifierTrainer} gets the batches of each epoch.
 *
 * <p>Two sources exist: an {@link MnistSplit} in memory, visited in {@link BatchOrder} (see {@link
 * #of(MnistSplit, TeacherSignal, int, long)}), and a teacher run replayed from Kafka, which the
 * student-service implements. Both go through the same training loop.
 *
 * <p>A source must return the same batches for the same epoch when asked again, so that a run
 * resumed at epoch e on another worker sees what the interrupted run would have seen.
 */
public interface EpochSource {

    /**
     * Returns the number of steps an epoch is expected to take, for progress and ETA.
     *
     * <p>An epoch may end up shorter (a source that skips malformed data); the trainer trains on
     * whatever {@link #batches(int)} yields.
     *
     * @return the expected steps per epoch, at least 1
     */
    int stepsPerEpoch();

    /**
     * Opens the batches of an epoch.
     *
     * @param epoch the epoch, from 0
     * @return the epoch's batches; the trainer closes them
     */
    BatchIterator batches(int epoch);

    /**
     * Creates a source over a split in memory: epoch e visits the images in the order {@code
     * BatchOrder.shuffled(size, seed, e)}, in batches of {@code batchSize} (the last one smaller).
     *
     * @param split the training images
     * @param teacher the teacher's logits for the split's images, or {@code null} to train without
     *     them
     * @param batchSize the images per step, at least 1
     * @param seed seeds the batch order
     * @return the source
     */
    static EpochSource of(MnistSplit split, TeacherSignal teacher, int batchSize, long seed) {
        return new SplitEpochSource(split, teacher, batchSize, seed);
    }
}
