package io.kdstream.student.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.training.TrainingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The replay's re-batching: every image exactly once per epoch, with its own label and logits, in
 * batches of the job's size, in an order that depends only on the seed.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: the batcher is plain Java.
 */
class ReshufflingBatcherTest {

    private static final int CLASSES = 10;

    /**
     * Records of 32 images each; image i has all pixels = i % 256, label i % 10 and logits [i, i,
     * ...], so that each can be recognised after resizing.
     */
    private static List<LogitBatch> records(int images, int perRecord) {
        List<LogitBatch> records = new ArrayList<>();
        int batches = (images + perRecord - 1) / perRecord;
        for (int from = 0, b = 0; from < images; from += perRecord, b++) {
            int n = Math.min(perRecord, images - from);
            byte[] pixels = new byte[n * Preprocessing.SRC_PIXELS];
            int[] indices = new int[n];
            int[] labels = new int[n];
            float[] logits = new float[n * CLASSES];
            for (int i = 0; i < n; i++) {
                int id = from + i;
                Arrays.fill(
                        pixels,
                        i * Preprocessing.SRC_PIXELS,
                        (i + 1) * Preprocessing.SRC_PIXELS,
                        (byte) (id % 256));
                indices[i] = id;
                labels[i] = id % CLASSES;
                Arrays.fill(logits, i * CLASSES, (i + 1) * CLASSES, id);
            }
            records.add(
                    new LogitBatch("run", b, batches, indices, labels, pixels, logits, CLASSES));
        }
        return records;
    }

    /** Image ids of each batch, read back from the logits. */
    private static List<int[]> drain(Iterator<TrainingBatch> batches, boolean withLogits) {
        List<int[]> ids = new ArrayList<>();
        while (batches.hasNext()) {
            TrainingBatch batch = batches.next();
            int n = batch.size();
            int[] batchIds = new int[n];
            for (int i = 0; i < n; i++) {
                if (withLogits) {
                    int id = (int) batch.teacherLogits()[i * CLASSES];
                    batchIds[i] = id;
                    assertThat(batch.labels()[i]).isEqualTo(id % CLASSES);
                    // a constant image stays constant when resized: v / 255
                    assertThat(batch.pixels()[i * Preprocessing.DST_PIXELS + 500])
                            .isEqualTo((id % 256) / 255f);
                } else {
                    assertThat(batch.teacherLogits()).isNull();
                    batchIds[i] = batch.labels()[i];
                }
            }
            ids.add(batchIds);
        }
        return ids;
    }

    @Test
    void everyImageOnceInBatchesOfTheJobsSize() {
        // 1,000 images in records of 32, re-batched by 64 through a buffer of 4 records
        List<int[]> batches =
                drain(
                        new ReshufflingBatcher(
                                records(1000, 32).iterator(), 64, 128, new Random(1), true),
                        true);

        assertThat(batches).hasSize(16);
        assertThat(batches.subList(0, 15)).allMatch(b -> b.length == 64);
        assertThat(batches.get(15)).hasSize(1000 - 15 * 64);
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
        // shuffled: the first batch is not the first 64 images
        assertThat(batches.get(0)).isNotEqualTo(java.util.stream.IntStream.range(0, 64).toArray());
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        List<int[]> a = drain(batcher(42), true);
        List<int[]> b = drain(batcher(42), true);
        List<int[]> c = drain(batcher(43), true);
        assertThat(a).containsExactlyElementsOf(b);
        assertThat(Arrays.deepEquals(a.toArray(), c.toArray())).isFalse();
    }

    @Test
    void bufferBoundsHowFarAnImageMoves() {
        // with a buffer of 64 images, image k cannot come out before about k - 64 have been drawn
        List<int[]> batches =
                drain(
                        new ReshufflingBatcher(
                                records(512, 32).iterator(), 32, 64, new Random(3), true),
                        true);
        int position = 0;
        for (int[] batch : batches) {
            for (int id : batch) {
                assertThat(id).isLessThan(position + 64 + 32);
                position++;
            }
        }
    }

    @Test
    void withoutTeacherLogitsBatchesCarryNone() {
        List<int[]> batches =
                drain(
                        new ReshufflingBatcher(
                                records(100, 32).iterator(), 30, 64, new Random(1), false),
                        false);
        assertThat(batches).extracting(b -> b.length).containsExactly(30, 30, 30, 10);
    }

    private static ReshufflingBatcher batcher(long seed) {
        return new ReshufflingBatcher(records(300, 32).iterator(), 50, 96, new Random(seed), true);
    }
}
