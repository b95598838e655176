package io.kdstream.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.data.Preprocessing;

/** Copies images of a split into arrays of a batch manager. */
final class Batches {

    private Batches() {}

    /**
     * Creates the images at the given indices as (batch, 1, 32, 32).
     *
     * @param manager the batch's manager, closed after the batch
     * @param pixels32 the split's resized pixels, (size, 32, 32)
     * @param indices the images' indices
     * @return the images, (batch, channels, height, width)
     */
    static NDArray images(NDManager manager, float[] pixels32, int[] indices) {
        int n = Preprocessing.DST_PIXELS;
        float[] data = new float[indices.length * n];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels32, indices[i] * n, data, i * n, n);
        }
        return manager.create(data, new Shape(indices.length, 1, Preprocessing.DST, Preprocessing.DST));
    }

    /**
     * Creates the contiguous images [from, to) as (batch, 1, 32, 32).
     *
     * @param manager the batch's manager, closed after the batch
     * @param split the split
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the images, (batch, channels, height, width)
     */
    static NDArray images(NDManager manager, MnistSplit split, int from, int to) {
        int n = Preprocessing.DST_PIXELS;
        float[] data = new float[(to - from) * n];
        System.arraycopy(split.pixels32(), from * n, data, 0, data.length);
        return manager.create(data, new Shape(to - from, 1, Preprocessing.DST, Preprocessing.DST));
    }

    /**
     * Creates the labels at the given indices as (batch).
     *
     * @param manager the batch's manager
     * @param labels the split's labels
     * @param indices the images' indices
     * @return the labels, int32 (batch)
     */
    static NDArray labels(NDManager manager, int[] labels, int[] indices) {
        int[] data = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            data[i] = labels[indices[i]];
        }
        return manager.create(data);
    }
}
