package io.kdstream.core.training;

import io.kdstream.core.data.BatchOrder;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.data.Preprocessing;
import java.util.NoSuchElementException;

/**
 * The batches of an {@link MnistSplit} in memory, in {@link BatchOrder}.
 *
 * <p>An epoch's batches share their pixel and label arrays (see {@link BatchIterator}).
 */
final class SplitEpochSource implements EpochSource {

    private final MnistSplit split;
    private final TeacherSignal teacher;
    private final int batchSize;
    private final long seed;

    SplitEpochSource(MnistSplit split, TeacherSignal teacher, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (split.size() == 0) {
            throw new IllegalArgumentException("split " + split + " holds no images");
        }
        this.split = split;
        this.teacher = teacher;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public int stepsPerEpoch() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    @Override
    public BatchIterator batches(int epoch) {
        int size = split.size();
        int[] order = BatchOrder.shuffled(size, seed, epoch);
        float[] pixels32 = split.pixels32();
        int[] labels = split.labels();
        return new BatchIterator() {
            private int from;
            // reused from step to step (the trainer is done with a batch when it asks for the
            // next), so that an epoch makes no garbage the size of its images
            private float[] pixels = new float[0];
            private int[] batchLabels = new int[0];

            @Override
            public boolean hasNext() {
                return from < size;
            }

            @Override
            public TrainingBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, size - from);
                int[] indices = new int[n];
                System.arraycopy(order, from, indices, 0, n);
                from += n;
                if (batchLabels.length != n) {
                    // (batch, 1, 32, 32): one resized image after the other
                    pixels = new float[n * Preprocessing.DST_PIXELS];
                    batchLabels = new int[n];
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(
                            pixels32,
                            indices[i] * Preprocessing.DST_PIXELS,
                            pixels,
                            i * Preprocessing.DST_PIXELS,
                            Preprocessing.DST_PIXELS);
                    batchLabels[i] = labels[indices[i]];
                }
                return new TrainingBatch(
                        pixels, batchLabels, teacher == null ? null : teacher.logits(indices));
            }
        };
    }
}
