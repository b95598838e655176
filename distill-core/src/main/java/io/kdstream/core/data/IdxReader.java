package io.kdstream.core.data;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of the MNIST images and labels, plain or gzip-compressed.
 *
 * <p>An IDX file is a big-endian header followed by the data. The header starts with a magic number
 * {@code 0x0000TTDD}, where {@code TT} is the element type ({@code 0x08}: unsigned byte) and {@code
 * DD} the number of dimensions, then one 32-bit size per dimension. Images use magic 2051 ({@code
 * 0x00000803}: count, rows, cols) and labels magic 2049 ({@code 0x00000801}: count).
 *
 * <p>Compression is detected from the gzip magic bytes {@code 1f 8b}, not from the file name, so a
 * compressed file that lost its {@code .gz} suffix is still read. The data is read in one bulk read
 * straight into the returned array: the 47 MB training file is never copied or streamed byte by
 * byte.
 *
 * <p>The reader checks the structure only: magic number, sizes, that the data has exactly the
 * announced length, and that labels are digits 0 to 9. Known checksums and the MNIST image size are
 * checked by {@link Mnist}.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images: type 0x08, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;
    private static final int NUM_CLASSES = 10;
    // Large enough that inflating the training file takes few refills, small enough to not matter.
    private static final int GZIP_BUFFER = 1 << 16;
    private static final String FIX =
            "The file is damaged or is not an MNIST IDX file: fetch it again"
                    + " (scripts/fetch-mnist.sh <data-dir>).";

    private IdxReader() {}

    /**
     * Reads an IDX image file (magic 2051).
     *
     * @param file the file, plain or gzip-compressed
     * @return the images
     * @throws MnistDataException if the file is missing, unreadable or malformed
     */
    public static IdxImages readImages(Path file) {
        return readImages(file, null);
    }

    /**
     * Reads an IDX label file (magic 2049) whose labels are digits 0 to 9.
     *
     * @param file the file, plain or gzip-compressed
     * @return one label per byte, each in 0..9
     * @throws MnistDataException if the file is missing, unreadable or malformed
     */
    public static byte[] readLabels(Path file) {
        return readLabels(file, null);
    }

    /**
     * Reads an image file, feeding every (decompressed) byte of it to {@code digest}.
     *
     * <p>The digest sees exactly the bytes of the uncompressed IDX file, so the loader can compare
     * it with the published checksum whether the file on disk is compressed or not.
     */
    static IdxImages readImages(Path file, MessageDigest digest) {
        try (InputStream in = open(file, digest)) {
            ByteBuffer header = readHeader(in, file, IMAGES_HEADER, IMAGES_MAGIC, "image");
            int count = dimension(header, file, "image count");
            int rows = dimension(header, file, "rows");
            int cols = dimension(header, file, "cols");
            long expected = (long) count * rows * cols;
            byte[] pixels = readPayload(in, file, expected, "pixel data");
            return new IdxImages(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Reads a label file, feeding every (decompressed) byte of it to {@code digest}. */
    static byte[] readLabels(Path file, MessageDigest digest) {
        try (InputStream in = open(file, digest)) {
            ByteBuffer header = readHeader(in, file, LABELS_HEADER, LABELS_MAGIC, "label");
            int count = dimension(header, file, "label count");
            byte[] labels = readPayload(in, file, count, "label data");
            for (int i = 0; i < labels.length; i++) {
                // Unsigned: a byte 0xff is label 255, not -1.
                int label = labels[i] & 0xff;
                if (label >= NUM_CLASSES) {
                    throw new MnistDataException(
                            String.format(
                                    "%s: label %d at index %d is out of range 0..%d. %s",
                                    file, label, i, NUM_CLASSES - 1, FIX));
                }
            }
            return labels;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Opens the file, unwrapping gzip when it starts with the gzip magic bytes 1f 8b. */
    private static InputStream open(Path file, MessageDigest digest) throws IOException {
        PushbackInputStream in = new PushbackInputStream(openRaw(file), 2);
        try {
            byte[] magic = in.readNBytes(2);
            in.unread(magic);
            boolean gzip =
                    magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            InputStream data = gzip ? new GZIPInputStream(in, GZIP_BUFFER) : in;
            return digest == null ? data : new DigestInputStream(data, digest);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a file for one bulk read of its payload.
     *
     * <p>On the default file system this is a {@link FileInputStream}: its native read of a large
     * array uses a temporary buffer that is freed at once, whereas a {@link Files#newInputStream}
     * channel would keep a 47 MB direct buffer cached per reading thread.
     */
    private static InputStream openRaw(Path file) throws IOException {
        if (file.getFileSystem() != FileSystems.getDefault()) {
            return Files.newInputStream(file);
        }
        if (Files.notExists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return new FileInputStream(file.toFile());
    }

    private static ByteBuffer readHeader(
            InputStream in, Path file, int length, int magic, String kind) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length >= 4) {
            checkMagic(ByteBuffer.wrap(bytes).getInt(), magic, file, kind);
        }
        if (bytes.length < length) {
            throw new MnistDataException(
                    String.format(
                            "%s: truncated: the IDX %s header needs %d bytes, found %d. %s",
                            file, kind, length, bytes.length, FIX));
        }
        ByteBuffer header = ByteBuffer.wrap(bytes); // big-endian, as IDX
        header.getInt(); // magic, checked above
        return header;
    }

    private static void checkMagic(int actual, int expected, Path file, String kind) {
        if (actual == expected) {
            return;
        }
        String other = "";
        if (actual == IMAGES_MAGIC) {
            other = " (this is an IDX image file)";
        } else if (actual == LABELS_MAGIC) {
            other = " (this is an IDX label file)";
        } else if ((actual >>> 16) != 0) {
            other = " (not an IDX file: the first two bytes of an IDX file are zero)";
        } else {
            int type = (actual >>> 8) & 0xff;
            int dims = actual & 0xff;
            other = String.format(" (element type 0x%02x, %d dimensions)", type, dims);
        }
        throw new MnistDataException(
                String.format(
                        "%s: wrong magic number %d (0x%08x)%s; an IDX %s file has %d (0x%08x:"
                                + " unsigned bytes, %d dimensions). %s",
                        file,
                        actual,
                        actual,
                        other,
                        kind,
                        expected,
                        expected,
                        expected & 0xff,
                        FIX));
    }

    private static int dimension(ByteBuffer header, Path file, String name) {
        int value = header.getInt();
        if (value < 0) {
            // Sizes are unsigned 32-bit in the format, but no MNIST file comes close to 2^31.
            throw new MnistDataException(
                    String.format(
                            "%s: %s %d in the header is too large (%s as unsigned). %s",
                            file, name, value, Integer.toUnsignedString(value), FIX));
        }
        return value;
    }

    private static byte[] readPayload(InputStream in, Path file, long expected, String what)
            throws IOException {
        // A Java array holds at most Integer.MAX_VALUE - 8 bytes.
        if (expected > Integer.MAX_VALUE - 8) {
            throw new MnistDataException(
                    String.format(
                            "%s: the header announces %d bytes of %s, more than a Java array can"
                                    + " hold. %s",
                            file, expected, what, FIX));
        }
        byte[] data = new byte[(int) expected];
        int found = in.readNBytes(data, 0, data.length);
        if (found < data.length) {
            throw new MnistDataException(
                    String.format(
                            "%s: truncated: expected %d bytes of %s, found %d. %s",
                            file, expected, what, found, FIX));
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new MnistDataException(
                    String.format(
                            "%s: %d trailing bytes after the %s: expected %d bytes of %s, found %d."
                                    + " %s",
                            file, extra, what, expected, what, expected + extra, FIX));
        }
        return data;
    }

    private static MnistDataException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new MnistDataException(
                    file + ": file not found. Fetch MNIST with scripts/fetch-mnist.sh <data-dir>.",
                    e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            // GZIPInputStream reports a corrupt stream as ZipException, a cut-off one as EOF.
            return new MnistDataException(
                    String.format("%s: broken gzip data (%s). %s", file, e.getMessage(), FIX), e);
        }
        return new MnistDataException(String.format("%s: cannot read the file: %s", file, e), e);
    }
}
