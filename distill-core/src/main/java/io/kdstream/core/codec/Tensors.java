package io.kdstream.core.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Converts tensors to and from the bytes that travel in Kafka records.
 *
 * <p>Floats are float32 little-endian, row-major, as numpy's {@code '<f4'}, so that a Python
 * consumer reads them with {@code np.frombuffer(b, '<f4').reshape(shape)}. No DJL type appears
 * here: tensors are converted to Java arrays before they reach messaging code.
 */
public final class Tensors {

    private Tensors() {}

    /** Encodes floats as float32 little-endian bytes. */
    public static ByteBuffer toBytes(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /**
     * Decodes float32 little-endian bytes and checks them against the declared shape.
     *
     * @param bytes the encoded values
     * @param shape the declared shape, e.g. (samples, classes)
     * @param field the record field, named in the error
     * @return the values, row-major
     * @throws IllegalArgumentException if the byte count does not match the shape
     */
    public static float[] toFloats(ByteBuffer bytes, List<Integer> shape, String field) {
        long expected = elementCount(shape, field) * Float.BYTES;
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException(
                    field
                            + ": shape "
                            + shape
                            + " needs "
                            + expected
                            + " bytes of float32, found "
                            + bytes.remaining());
        }
        float[] values = new float[(int) (expected / Float.BYTES)];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /**
     * Copies uint8 bytes and checks them against the declared shape.
     *
     * @param bytes the encoded values
     * @param shape the declared shape, e.g. (samples, height, width)
     * @param field the record field, named in the error
     * @return the bytes, row-major
     * @throws IllegalArgumentException if the byte count does not match the shape
     */
    public static byte[] toUint8(ByteBuffer bytes, List<Integer> shape, String field) {
        long expected = elementCount(shape, field);
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException(
                    field
                            + ": shape "
                            + shape
                            + " needs "
                            + expected
                            + " bytes of uint8, found "
                            + bytes.remaining());
        }
        byte[] values = new byte[(int) expected];
        bytes.duplicate().get(values);
        return values;
    }

    private static long elementCount(List<Integer> shape, String field) {
        if (shape == null || shape.isEmpty()) {
            throw new IllegalArgumentException(field + ": shape is missing");
        }
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        field + ": negative dimension in shape " + shape);
            }
            count *= dim;
        }
        return count;
    }
}
