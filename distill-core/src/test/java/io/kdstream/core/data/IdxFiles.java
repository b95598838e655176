package io.kdstream.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic IDX files for the reader and loader tests. */
final class IdxFiles {

    private IdxFiles() {}

    /** The bytes of an image file: magic, count, rows, cols, then the pixels. */
    static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(magic)
                .putInt(count)
                .putInt(rows)
                .putInt(cols)
                .put(pixels)
                .array();
    }

    /** The bytes of a well-formed image file whose pixel i is {@code i % 256}. */
    static byte[] images(int count, int rows, int cols) {
        return images(IdxReader.IMAGES_MAGIC, count, rows, cols, counting(count * rows * cols));
    }

    /** The bytes of a label file: magic, count, then the labels. */
    static byte[] labels(int magic, int count, byte... labels) {
        return ByteBuffer.allocate(8 + labels.length)
                .putInt(magic)
                .putInt(count)
                .put(labels)
                .array();
    }

    /** The bytes of a well-formed label file. */
    static byte[] labels(byte... labels) {
        return labels(IdxReader.LABELS_MAGIC, labels.length, labels);
    }

    /** {@code n} bytes counting up from 0, wrapping at 256. */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static Path write(Path file, byte[] content) throws IOException {
        return Files.write(file, content);
    }

    static Path writeGzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }
}
