package io.kdstream.student.training;

import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.training.TrainingBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Turns a stream of teacher logit records into training batches of the job's size, drawing images
 * at random from a bounded buffer.
 *
 * <p>The buffer holds at least {@code bufferImages} images (and at least a batch): it is topped up
 * from the stream, a record at a time, before every draw, and each draw takes a uniformly random
 * image out of it (a shuffle buffer, as {@code tf.data.Dataset.shuffle} has). Memory stays bounded
 * whatever the run's size, and images of neighbouring records mix. The order is a function of the
 * stream's order and the {@link Random}'s seed, so a replay with the same seed gives the same
 * batches.
 *
 * <p>Images are resized from 28x28 to 32x32 as they are drawn. The arrays of a batch are reused for
 * the next batch of the same size (see {@code BatchIterator}).
 */
public final class ReshufflingBatcher implements Iterator<TrainingBatch> {

    private final Iterator<LogitBatch> records;
    private final int batchSize;
    private final int bufferImages;
    private final Random random;
    private final boolean withLogits;
    private final List<LogitBatch> sampleRecord = new ArrayList<>();
    private final List<Integer> sampleIndex = new ArrayList<>();
    private float[] pixels = new float[0];
    private int[] labels = new int[0];
    private float[] logits = new float[0];

    /**
     * Creates the batcher.
     *
     * @param records the run's records, in reading order
     * @param batchSize images per training batch
     * @param bufferImages images the buffer holds before it hands any out
     * @param random draws the images; seeded per (job seed, epoch)
     * @param withLogits whether the batches carry the teacher's logits (the loss needs them)
     */
    public ReshufflingBatcher(
            Iterator<LogitBatch> records,
            int batchSize,
            int bufferImages,
            Random random,
            boolean withLogits) {
        if (batchSize < 1 || bufferImages < 1) {
            throw new IllegalArgumentException(
                    "batchSize and bufferImages must be >= 1, got "
                            + batchSize
                            + " and "
                            + bufferImages);
        }
        this.records = records;
        this.batchSize = batchSize;
        // at least a batch, so that only the stream's end makes a batch smaller
        this.bufferImages = Math.max(bufferImages, batchSize);
        this.random = random;
        this.withLogits = withLogits;
    }

    @Override
    public boolean hasNext() {
        topUp();
        return !sampleRecord.isEmpty();
    }

    @Override
    public TrainingBatch next() {
        topUp();
        if (sampleRecord.isEmpty()) {
            throw new NoSuchElementException();
        }
        int classes = sampleRecord.get(0).classes();
        // topped up to at least a batch: smaller only when the stream is at its end
        int n = Math.min(batchSize, sampleRecord.size());
        if (labels.length != n || (withLogits && logits.length != n * classes)) {
            // (batch, 1, 32, 32), (batch), (batch, classes)
            pixels = new float[n * Preprocessing.DST_PIXELS];
            labels = new int[n];
            logits = withLogits ? new float[n * classes] : new float[0];
        }
        for (int i = 0; i < n; i++) {
            topUp();
            int last = sampleRecord.size() - 1;
            int j = random.nextInt(last + 1);
            LogitBatch record = sampleRecord.get(j);
            int index = sampleIndex.get(j);
            // swap-remove: the drawn slot takes the last image
            sampleRecord.set(j, sampleRecord.get(last));
            sampleIndex.set(j, sampleIndex.get(last));
            sampleRecord.remove(last);
            sampleIndex.remove(last);

            Preprocessing.resize28to32(
                    record.images(),
                    index * Preprocessing.SRC_PIXELS,
                    pixels,
                    i * Preprocessing.DST_PIXELS);
            labels[i] = record.labels()[index];
            if (withLogits) {
                System.arraycopy(record.logits(), index * classes, logits, i * classes, classes);
            }
        }
        return new TrainingBatch(pixels, labels, withLogits ? logits : null);
    }

    private void topUp() {
        while (sampleRecord.size() < bufferImages && records.hasNext()) {
            LogitBatch record = records.next();
            for (int i = 0; i < record.size(); i++) {
                sampleRecord.add(record);
                sampleIndex.add(i);
            }
        }
    }
}
