package io.kdstream.core.data;

/**
 * Thrown for every problem with MNIST data: a missing, damaged or unexpected file.
 *
 * <p>The message always names the file, says what is wrong with it and how to fix it, because the
 * usual reader is someone starting a service whose data directory is not set up yet.
 */
public class MnistDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the file, the problem and the fix.
     *
     * @param message the full message
     */
    public MnistDataException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the I/O or format error that caused it.
     *
     * @param message the full message
     * @param cause the underlying error
     */
    public MnistDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
