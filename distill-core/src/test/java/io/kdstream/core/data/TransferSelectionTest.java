package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.job.TransferSet;
import io.kdstream.core.run.LogitBatch;
import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The presets' data selection: the label fraction asked for, and no image of an omitted class. */
class TransferSelectionTest {

    private static final int TRAIN = 60_000;

    @ParameterizedTest(name = "{0} of {1} images labelled: {2}")
    @CsvSource({"0.01, 60000, 600", "0.05, 60000, 3000", "0.5, 2000, 1000", "0.0001, 2000, 1"})
    void labelsExactlyTheFractionAskedFor(double fraction, int samples, int expected) {
        TransferSelection selection =
                TransferSelection.of(new TransferSet(fraction, null), samples, 42L);
        long counted = IntStream.range(0, samples).filter(selection::labelled).count();
        assertThat(selection.labelledCount()).isEqualTo(expected);
        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void theSameSeedDrawsTheSameLabelsAndAnotherSeedOthers() {
        TransferSet onePercent = new TransferSet(0.01, null);
        BitSet a = labelled(TransferSelection.of(onePercent, TRAIN, 1L));
        BitSet again = labelled(TransferSelection.of(onePercent, TRAIN, 1L));
        BitSet b = labelled(TransferSelection.of(onePercent, TRAIN, 2L));
        assertThat(again).isEqualTo(a);
        BitSet common = (BitSet) a.clone();
        common.and(b);
        // two independent 1% subsets share about 6 of 600 images
        assertThat(common.cardinality()).isLessThan(60);
    }

    @Test
    void aFullSetLabelsAndIncludesEveryImageAndKeepsTheRecord() {
        TransferSelection selection = TransferSelection.of(TransferSet.FULL, TRAIN, 1L);
        LogitBatch record = record(new int[] {0, 59_999}, new int[] {3, 7});
        assertThat(selection.labelled(59_999)).isTrue();
        assertThat(selection.includes(59_999, 3)).isTrue();
        assertThat(selection.apply(record, false)).isSameAs(record);
    }

    @Test
    void anOmittedClassAndTheHeldOutSliceNeverReachTheStudent() {
        TransferSelection selection = TransferSelection.of(new TransferSet(1.0, 3), TRAIN, 1L);
        // indices: a 3, a 5, a 5 from the held-out slice, a 9
        LogitBatch record = record(new int[] {10, 11, 55_000, 54_999}, new int[] {3, 5, 5, 9});
        LogitBatch kept = selection.apply(record, true);
        assertThat(kept.sampleIndices()).containsExactly(11, 54_999);
        assertThat(kept.labels()).containsExactly(5, 9);
        assertThat(kept.logits()).containsExactly(11f, -11f, 54_999f, -54_999f);
        assertThat(kept.images()[0]).isEqualTo((byte) 11);
        assertThat(kept.images()[Preprocessing.SRC_PIXELS]).isEqualTo((byte) (54_999 % 128));
        LogitBatch onlyOmitted = record(new int[] {1, 2}, new int[] {3, 3});
        assertThat(selection.apply(onlyOmitted, true)).isNull();
    }

    @Test
    void unlabelledImagesKeepTheirLogitsForADistilledStudentAndLeaveAScratchOne() {
        TransferSelection selection = TransferSelection.of(new TransferSet(0.5, null), 4, 9L);
        int[] indices = {0, 1, 2, 3};
        LogitBatch record = record(indices, new int[] {4, 5, 6, 7});
        LogitBatch distilled = selection.apply(record, true);
        LogitBatch scratch = selection.apply(record, false);
        assertThat(distilled.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            int expected = selection.labelled(i) ? 4 + i : TransferSelection.UNLABELLED;
            assertThat(distilled.labels()[i]).as("label of image %d", i).isEqualTo(expected);
        }
        assertThat(scratch.size()).isEqualTo(2);
        for (int i = 0; i < scratch.size(); i++) {
            assertThat(selection.labelled(scratch.sampleIndices()[i])).isTrue();
            assertThat(scratch.labels()[i]).isEqualTo(4 + scratch.sampleIndices()[i]);
        }
    }

    private static BitSet labelled(TransferSelection selection) {
        BitSet bits = new BitSet(TRAIN);
        IntStream.range(0, TRAIN).filter(selection::labelled).forEach(bits::set);
        return bits;
    }

    /** A record whose image bytes and logits name their sample index, to follow them. */
    static LogitBatch record(int[] indices, int[] labels) {
        int n = indices.length;
        byte[] images = new byte[n * Preprocessing.SRC_PIXELS];
        float[] logits = new float[n * 2];
        for (int i = 0; i < n; i++) {
            images[i * Preprocessing.SRC_PIXELS] = (byte) (indices[i] % 128);
            float[] l = logitsOf(indices[i]);
            logits[2 * i] = l[0];
            logits[2 * i + 1] = l[1];
        }
        return new LogitBatch("run-1", 0, 1, indices, labels, images, logits, 2);
    }

    private static float[] logitsOf(int index) {
        return new float[] {index, -index};
    }
}
