package io.kdstream.core.data;

import java.util.Objects;

/**
 * Resizes MNIST images from 28x28 to 32x32 exactly as the reference tutorial's torchvision pipeline
 * does, and scales them to [0, 1].
 *
 * <p>The tutorial applies {@code transforms.Resize((32, 32))} to a PIL {@code 'L'} image, which
 * calls Pillow's {@code Image.resize((32, 32), Image.BILINEAR)}, then {@code ToTensor}, which
 * divides by 255. Pillow's resampling is reproduced here rather than a textbook bilinear
 * interpolation because the two differ by up to a few grey levels, and the teacher logits that go
 * over Kafka must match what the tutorial's network sees. Pillow resamples in two separable passes,
 * horizontal first, and rounds to 8 bits after each:
 *
 * <ul>
 *   <li>output pixel {@code i} has its centre at {@code c = (i + 0.5) * scale} in input
 *       coordinates, with {@code scale = 28 / 32};
 *   <li>it reads the input pixels {@code j} from {@code (int) (c - 1 + 0.5)} (at least 0) to {@code
 *       (int) (c + 1 + 0.5)} (at most 28), exclusive, each with the triangle weight {@code w(j) =
 *       max(0, 1 - |j + 0.5 - c|)}, divided by the sum of those weights so that clipped edges still
 *       sum to 1;
 *   <li>the normalised weights become fixed-point integers {@code (int) (0.5 + w * 2^22)}, the sum
 *       starts at {@code 2^21} (to round) and the result is {@code sum >> 22} clamped to 0..255.
 * </ul>
 *
 * <p>Both axes use the same weight table, computed once. The output is row-major, shape (height,
 * width) = (32, 32) per image; a batch is (count, 32, 32), which a model reads as (batch, channels
 * = 1, height, width).
 */
public final class Preprocessing {

    /** Side of an MNIST image in the files. */
    public static final int SRC = 28;

    /** Side of an image after resizing, as the tutorial's networks expect. */
    public static final int DST = 32;

    /** Bytes per source image, {@code SRC * SRC}. */
    public static final int SRC_PIXELS = SRC * SRC;

    /** Floats per resized image, {@code DST * DST}. */
    public static final int DST_PIXELS = DST * DST;

    // Pillow: PRECISION_BITS = 32 - 8 - 2, so that 255 * 2^22 * (sum of weights) fits in an int.
    private static final int PRECISION_BITS = 22;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    // Pillow's bilinear filter for upscaling: support 1 input pixel on each side of the centre.
    private static final int TAPS = 3;

    // For output index i and tap t: the input index INDEX[i * TAPS + t] and its fixed-point weight.
    // Taps beyond the filter's reach get weight 0 and a valid index, so the loops need no bounds.
    private static final int[] INDEX = new int[DST * TAPS];
    private static final int[] WEIGHT = new int[DST * TAPS];

    // ToTensor: a uint8 v becomes the float32 quotient v / 255.
    private static final float[] TO_UNIT = new float[256];

    static {
        double scale = (double) SRC / DST;
        for (int i = 0; i < DST; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max(0, (int) (center - 1.0 + 0.5));
            int max = Math.min(SRC, (int) (center + 1.0 + 0.5));
            double[] w = new double[TAPS];
            double sum = 0;
            for (int j = min; j < max; j++) {
                w[j - min] = triangle(j - center + 0.5);
                sum += w[j - min];
            }
            for (int t = 0; t < TAPS; t++) {
                int j = min + t;
                INDEX[i * TAPS + t] = j < max ? j : min;
                WEIGHT[i * TAPS + t] =
                        j < max ? (int) (0.5 + w[t] / sum * (1 << PRECISION_BITS)) : 0;
            }
        }
        for (int v = 0; v < 256; v++) {
            TO_UNIT[v] = v / 255f;
        }
    }

    private Preprocessing() {}

    /**
     * Resizes one 28x28 image to 32x32 and scales it to [0, 1].
     *
     * @param raw the source bytes, unsigned, row-major
     * @param srcOffset the index of the image's first byte in {@code raw}
     * @param dst the destination
     * @param dstOffset the index of the first of the 1024 floats to write in {@code dst}
     */
    public static void resize28to32(byte[] raw, int srcOffset, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(srcOffset, SRC_PIXELS, raw.length);
        Objects.checkFromIndexSize(dstOffset, DST_PIXELS, dst.length);
        resize(raw, srcOffset, dst, dstOffset, new int[SRC * DST]);
    }

    /**
     * Resizes one 28x28 image to a new 32x32 array scaled to [0, 1].
     *
     * @param raw784 the 784 source bytes, unsigned, row-major
     * @return 1024 floats, row-major
     */
    public static float[] resize28to32(byte[] raw784) {
        if (raw784.length != SRC_PIXELS) {
            throw new IllegalArgumentException(
                    "expected one 28x28 image (784 bytes), got " + raw784.length + " bytes");
        }
        float[] dst = new float[DST_PIXELS];
        resize(raw784, 0, dst, 0, new int[SRC * DST]);
        return dst;
    }

    /**
     * Resizes {@code count} consecutive 28x28 images, as stored in an IDX file.
     *
     * @param raw the source bytes, shape (count, 28, 28), at least {@code count * 784} long
     * @param count the number of images to resize
     * @return {@code count * 1024} floats, shape (count, 32, 32)
     */
    public static float[] resizeAll(byte[] raw, int count) {
        if (count < 0 || (long) count * SRC_PIXELS > raw.length) {
            throw new IllegalArgumentException(
                    "cannot resize "
                            + count
                            + " images from "
                            + raw.length
                            + " bytes: need count * 784 bytes");
        }
        float[] dst = new float[Math.multiplyExact(count, DST_PIXELS)];
        int[] rows = new int[SRC * DST];
        for (int n = 0; n < count; n++) {
            resize(raw, n * SRC_PIXELS, dst, n * DST_PIXELS, rows);
        }
        return dst;
    }

    /**
     * Two-pass resampling, bounds already checked.
     *
     * @param rows scratch space for the horizontal pass, shape (28, 32), holding uint8 values
     */
    private static void resize(byte[] raw, int src, float[] dst, int out, int[] rows) {
        // Horizontal pass: (28, 28) -> (28, 32), rounded to uint8 as Pillow's 'L' image does.
        for (int y = 0; y < SRC; y++) {
            int row = src + y * SRC;
            for (int x = 0; x < DST; x++) {
                int k = x * TAPS;
                int sum =
                        HALF
                                + (raw[row + INDEX[k]] & 0xff) * WEIGHT[k]
                                + (raw[row + INDEX[k + 1]] & 0xff) * WEIGHT[k + 1]
                                + (raw[row + INDEX[k + 2]] & 0xff) * WEIGHT[k + 2];
                rows[y * DST + x] = clip8(sum);
            }
        }
        // Vertical pass: (28, 32) -> (32, 32), rounded to uint8, then divided by 255.
        for (int y = 0; y < DST; y++) {
            int k = y * TAPS;
            int r0 = INDEX[k] * DST;
            int r1 = INDEX[k + 1] * DST;
            int r2 = INDEX[k + 2] * DST;
            int w0 = WEIGHT[k];
            int w1 = WEIGHT[k + 1];
            int w2 = WEIGHT[k + 2];
            int o = out + y * DST;
            for (int x = 0; x < DST; x++) {
                int sum = HALF + rows[r0 + x] * w0 + rows[r1 + x] * w1 + rows[r2 + x] * w2;
                dst[o + x] = TO_UNIT[clip8(sum)];
            }
        }
    }

    /** Pillow's {@code clip8}: the fixed-point sum back to 0..255. */
    private static int clip8(int sum) {
        if (sum <= 0) {
            return 0;
        }
        int v = sum >> PRECISION_BITS;
        return v > 255 ? 255 : v;
    }

    /** Pillow's bilinear (triangle) filter. */
    private static double triangle(double x) {
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
