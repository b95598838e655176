package io.kdstream.core.data;

/**
 * The content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes.
 *
 * <p>{@code pixels} holds {@code count * rows * cols} bytes, image after image, each row-major,
 * exactly as stored in the file. The array is not copied, so that a 47 MB MNIST file is held only
 * once; treat it as read-only.
 *
 * @param count the number of images
 * @param rows the height of each image
 * @param cols the width of each image
 * @param pixels the pixel bytes, shape (count, rows, cols)
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /**
     * Validates that the pixel array has exactly {@code count * rows * cols} bytes.
     *
     * @param count the number of images
     * @param rows the height of each image
     * @param cols the width of each image
     * @param pixels the pixel bytes, shape (count, rows, cols)
     */
    public IdxImages {
        if (count < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException(
                    "negative dimension: count=" + count + ", rows=" + rows + ", cols=" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(
                    "pixels has "
                            + pixels.length
                            + " bytes, expected count*rows*cols = "
                            + (long) count * rows * cols);
        }
    }

    /**
     * Returns the number of pixels in one image.
     *
     * @return {@code rows * cols}
     */
    public int imageSize() {
        return rows * cols;
    }
}
