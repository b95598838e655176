package io.kdstream.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.kdstream.core.data.Preprocessing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Builds the arrays of one batch through a reused direct buffer, so that a step leaves no native
 * memory behind for the garbage collector.
 *
 * <p>{@code NDManager.create(float[])} copies Java data into a fresh direct buffer, and on CPU
 * libtorch then uses that buffer's memory in place ({@code from_blob}); the buffer is only freed
 * when the JVM collects it, so resident memory grows with every step until a GC. Here each batch is
 * written into one direct buffer per run and cloned into memory libtorch owns, which is freed as
 * soon as the batch's manager closes. Not thread-safe: one instance per training or inference loop.
 */
final class Batches {

    private static final int PIXELS = Preprocessing.DST_PIXELS;

    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    /**
     * Creates a batch's images as (batch, 1, 32, 32).
     *
     * @param manager the batch's manager, closed after the batch
     * @param pixels the batch's resized images, (batch, 32, 32) row-major
     * @param batch the number of images
     * @return the images, (batch, channels, height, width)
     */
    NDArray images(NDManager manager, float[] pixels, int batch) {
        if (pixels.length != batch * PIXELS) {
            throw new IllegalArgumentException(
                    batch + " images need " + batch * PIXELS + " pixels, got " + pixels.length);
        }
        reserve(pixels.length * Float.BYTES).asFloatBuffer().put(pixels);
        return owned(manager, imageShape(batch), DataType.FLOAT32);
    }

    /**
     * Creates the contiguous images [from, to) as (batch, 1, 32, 32).
     *
     * @param manager the batch's manager, closed after the batch
     * @param pixels32 the split's resized pixels, (size, 32, 32)
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the images, (batch, channels, height, width)
     */
    NDArray images(NDManager manager, float[] pixels32, int from, int to) {
        FloatBuffer out = reserve((to - from) * PIXELS * Float.BYTES).asFloatBuffer();
        out.put(pixels32, from * PIXELS, (to - from) * PIXELS);
        return owned(manager, imageShape(to - from), DataType.FLOAT32);
    }

    /**
     * Creates a batch's labels.
     *
     * @param manager the batch's manager
     * @param labels the batch's labels
     * @return the labels, int32 (batch)
     */
    NDArray labels(NDManager manager, int[] labels) {
        reserve(labels.length * Integer.BYTES).asIntBuffer().put(labels);
        return owned(manager, new Shape(labels.length), DataType.INT32);
    }

    /**
     * Creates the contiguous labels [from, to).
     *
     * @param manager the batch's manager
     * @param labels the split's labels
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the labels, int32 (batch)
     */
    NDArray labels(NDManager manager, int[] labels, int from, int to) {
        reserve((to - from) * Integer.BYTES).asIntBuffer().put(labels, from, to - from);
        return owned(manager, new Shape(to - from), DataType.INT32);
    }

    /**
     * Creates a float matrix, such as teacher logits.
     *
     * @param manager the batch's manager
     * @param values {@code rows * columns} floats, row-major
     * @param rows the rows
     * @param columns the columns
     * @return the matrix, float32 (rows, columns)
     */
    NDArray matrix(NDManager manager, float[] values, int rows, int columns) {
        return floats(manager, values, new Shape(rows, columns));
    }

    /**
     * Creates a float array of any shape, such as an optimizer's momentum buffer.
     *
     * @param manager the manager the array belongs to
     * @param values the values, row-major
     * @param shape the shape, whose size must be {@code values.length}
     * @return the array, float32
     */
    NDArray floats(NDManager manager, float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(
                    "expected " + shape + " = " + shape.size() + " values, got " + values.length);
        }
        reserve(values.length * Float.BYTES).asFloatBuffer().put(values);
        return owned(manager, shape, DataType.FLOAT32);
    }

    private static Shape imageShape(int batch) {
        return new Shape(batch, 1, Preprocessing.DST, Preprocessing.DST);
    }

    /** Returns the staging buffer, positioned at 0 with {@code bytes} remaining. */
    private ByteBuffer reserve(int bytes) {
        if (staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        staging.clear().limit(bytes);
        return staging;
    }

    /** Copies the staged bytes into an array that owns its memory. */
    private NDArray owned(NDManager manager, Shape shape, DataType dataType) {
        // the staged array aliases the buffer, which the next batch overwrites: clone it at once
        try (NDArray staged =
                manager.create(
                        staging.duplicate().order(ByteOrder.nativeOrder()), shape, dataType)) {
            return staged.duplicate();
        }
    }
}
