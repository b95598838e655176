package io.kdstream.core.data;

import io.kdstream.core.job.TransferSet;
import io.kdstream.core.run.LogitBatch;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * A {@link TransferSet} applied to one teacher run and one job seed: which sample indices reach the
 * student, and which of them keep their hard label.
 *
 * <p>The labelled images are exactly {@code max(1, round(labelFraction x sampleCount))} of the
 * run's indices {@code [0, sampleCount)}, the first of a permutation drawn with the job's seed: so
 * a distilled and a scratch job with the same seed see the same labels, and another seed draws
 * another subset. A label the student may not see becomes {@link #UNLABELLED}.
 */
public final class TransferSelection {

    /** The label of an image whose hard label the student does not see. */
    public static final int UNLABELLED = -1;

    // keeps the label draw apart from the other uses of the job's seed (weights, batch order)
    private static final long LABEL_SALT = 0x6c61_6265_6c73L;

    private final TransferSet set;
    private final BitSet labelled;
    private final int labelledCount;

    private TransferSelection(TransferSet set, BitSet labelled, int labelledCount) {
        this.set = set;
        this.labelled = labelled;
        this.labelledCount = labelledCount;
    }

    /**
     * Draws the selection of a run.
     *
     * @param set the job's transfer set
     * @param sampleCount the run's images; their indices are {@code [0, sampleCount)}
     * @param seed the job's seed
     * @return the selection
     */
    public static TransferSelection of(TransferSet set, int sampleCount, long seed) {
        if (!set.partialLabels()) {
            return new TransferSelection(set, null, sampleCount);
        }
        int k =
                (int)
                        Math.max(
                                1,
                                Math.min(
                                        sampleCount,
                                        Math.round(set.labelFraction() * sampleCount)));
        int[] order = new int[sampleCount];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed ^ LABEL_SALT);
        // a partial Fisher-Yates shuffle: its first k positions are a uniform k-subset
        BitSet labelled = new BitSet(sampleCount);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(sampleCount - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            labelled.set(order[i]);
        }
        return new TransferSelection(set, labelled, k);
    }

    /**
     * Returns the transfer set this selection applies.
     *
     * @return the job's set
     */
    public TransferSet set() {
        return set;
    }

    /**
     * Returns how many of the run's images keep their label.
     *
     * @return the run's size for a set with every label
     */
    public int labelledCount() {
        return labelledCount;
    }

    /**
     * Returns whether an image reaches the student at all.
     *
     * @param sampleIndex its index in the training split
     * @param label its true class
     * @return {@code false} for the omitted class and, when a class is omitted, the held-out slice
     */
    public boolean includes(int sampleIndex, int label) {
        Integer omitted = set.omittedClass();
        return omitted == null || (label != omitted && sampleIndex < TransferSet.HELD_OUT_FROM);
    }

    /**
     * Returns whether an image keeps its hard label.
     *
     * @param sampleIndex its index in the training split
     * @return {@code true} for every image of a set with every label
     */
    public boolean labelled(int sampleIndex) {
        return labelled == null || labelled.get(sampleIndex);
    }

    /**
     * Applies the selection to one logit record.
     *
     * @param record the record as the teacher wrote it
     * @param keepUnlabelled whether images without a label stay (with label {@link #UNLABELLED}),
     *     as a distilled student needs them; a scratch student has nothing to learn from them
     * @return the record itself when every image stays as it is, a smaller copy otherwise, or
     *     {@code null} when no image stays
     */
    public LogitBatch apply(LogitBatch record, boolean keepUnlabelled) {
        if (set.full()) {
            return record;
        }
        int n = record.size();
        int classes = record.classes();
        int[] keep = new int[n];
        int kept = 0;
        boolean relabelled = false;
        for (int i = 0; i < n; i++) {
            int index = record.sampleIndices()[i];
            if (!includes(index, record.labels()[i])) {
                continue;
            }
            boolean hasLabel = labelled(index);
            if (hasLabel || keepUnlabelled) {
                keep[kept++] = i;
                relabelled |= !hasLabel;
            }
        }
        if (kept == n && !relabelled) {
            return record;
        }
        if (kept == 0) {
            return null;
        }
        int[] indices = new int[kept];
        int[] labels = new int[kept];
        byte[] images = new byte[kept * Preprocessing.SRC_PIXELS];
        float[] logits = new float[kept * classes];
        for (int k = 0; k < kept; k++) {
            int i = keep[k];
            indices[k] = record.sampleIndices()[i];
            labels[k] = labelled(indices[k]) ? record.labels()[i] : UNLABELLED;
            System.arraycopy(
                    record.images(),
                    i * Preprocessing.SRC_PIXELS,
                    images,
                    k * Preprocessing.SRC_PIXELS,
                    Preprocessing.SRC_PIXELS);
            System.arraycopy(record.logits(), i * classes, logits, k * classes, classes);
        }
        return new LogitBatch(
                record.runId(),
                record.batchIndex(),
                record.batchCount(),
                indices,
                labels,
                images,
                logits,
                classes);
    }
}
