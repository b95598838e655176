package io.kdstream.student.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.data.TransferSelection;
import io.kdstream.core.job.TransferSet;
import io.kdstream.core.run.LogitBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An epoch of records as the presets shape it: what reaches the student, and how often. */
class TransferRecordsTest {

    private static final int SAMPLES = 6_400;
    private static final int BATCH = 64;

    @Test
    void noImageOfTheOmittedClassReachesEitherStudent() {
        TransferSelection selection = TransferSelection.of(new TransferSet(1.0, 3), SAMPLES, 7L);
        for (boolean withLogits : new boolean[] {true, false}) {
            List<LogitBatch> epoch = epoch(selection, withLogits);
            int images = 0;
            for (LogitBatch r : epoch) {
                for (int label : r.labels()) {
                    assertThat(label).as("a label that reached the student").isNotEqualTo(3);
                }
                images += r.size();
            }
            // labels cycle 0..9: a tenth of the images are 3s
            assertThat(images).isEqualTo(SAMPLES * 9 / 10);
        }
    }

    @Test
    void aDistilledStudentSeesEveryImageAndExactlyTheFractionOfLabels() {
        TransferSelection selection =
                TransferSelection.of(new TransferSet(0.05, null), SAMPLES, 7L);
        int passes = TransferRecords.passes(selection, SAMPLES, true);
        assertThat(passes).isEqualTo(1);
        List<LogitBatch> epoch = epoch(selection, true);
        assertThat(count(epoch, false)).isEqualTo(SAMPLES);
        assertThat(count(epoch, true)).isEqualTo(320);
    }

    @Test
    void aScratchStudentCyclesItsLabelledImagesToAFullEpochOfSteps() {
        TransferSelection selection =
                TransferSelection.of(new TransferSet(0.05, null), SAMPLES, 7L);
        int passes = TransferRecords.passes(selection, SAMPLES, false);
        assertThat(passes).isEqualTo(20);
        List<LogitBatch> epoch = epoch(selection, false);
        assertThat(count(epoch, false)).as("images").isEqualTo(20 * 320);
        assertThat(count(epoch, true)).as("all labelled").isEqualTo(20 * 320);
    }

    private static int count(List<LogitBatch> epoch, boolean labelledOnly) {
        int n = 0;
        for (LogitBatch r : epoch) {
            for (int label : r.labels()) {
                n += !labelledOnly || label != TransferSelection.UNLABELLED ? 1 : 0;
            }
        }
        return n;
    }

    private static List<LogitBatch> epoch(TransferSelection selection, boolean withLogits) {
        int passes = TransferRecords.passes(selection, SAMPLES, withLogits);
        Iterator<LogitBatch> records =
                TransferRecords.of(run().iterator(), selection, passes, withLogits, new Random(1));
        List<LogitBatch> epoch = new ArrayList<>();
        records.forEachRemaining(epoch::add);
        return epoch;
    }

    /** A run of SAMPLES images in batches of 64, labelled index mod 10. */
    private static List<LogitBatch> run() {
        List<LogitBatch> run = new ArrayList<>();
        for (int b = 0; b < SAMPLES / BATCH; b++) {
            int[] indices = new int[BATCH];
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                indices[i] = b * BATCH + i;
                labels[i] = indices[i] % 10;
            }
            run.add(
                    new LogitBatch(
                            "run-1",
                            b,
                            SAMPLES / BATCH,
                            indices,
                            labels,
                            new byte[BATCH * Preprocessing.SRC_PIXELS],
                            new float[BATCH * 10],
                            10));
        }
        return run;
    }
}
