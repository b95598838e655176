package io.kdstream.student.training;

import io.kdstream.core.data.TransferSelection;
import io.kdstream.core.run.LogitBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * One epoch's logit records as a job's transfer set shapes them: the omitted class and the held-out
 * slice taken out, unlabelled images marked (a distilled student) or left out (a scratch student).
 *
 * <p>A scratch student with few labels cycles its labelled images {@code passes} times per epoch,
 * each pass in another record order, so that its epoch has as many steps as a distilled student's
 * on the whole run: a comparison of the two is then one of data, not of training time. The labelled
 * records of an epoch are few (1% of 60,000 images is 600), so they are held in memory.
 */
public final class TransferRecords {

    private TransferRecords() {}

    /**
     * How many times a scratch student's epoch visits its labelled images.
     *
     * @param selection the job's selection
     * @param sampleCount the run's images
     * @param withLogits whether the student distils (then every image is visited once)
     * @return {@code round(sampleCount / labelledCount)}, at least 1; 1 for a distilling student
     */
    public static int passes(TransferSelection selection, int sampleCount, boolean withLogits) {
        if (withLogits || !selection.set().partialLabels()) {
            return 1;
        }
        return (int) Math.max(1, Math.round((double) sampleCount / selection.labelledCount()));
    }

    /**
     * Shapes an epoch's records.
     *
     * @param records the epoch's records, in reading order
     * @param selection the job's selection
     * @param passes from {@link #passes}
     * @param withLogits whether the student distils
     * @param random orders the passes after the first; seeded per (job seed, epoch)
     * @return the records the student trains on
     */
    public static Iterator<LogitBatch> of(
            Iterator<LogitBatch> records,
            TransferSelection selection,
            int passes,
            boolean withLogits,
            Random random) {
        if (selection.set().full()) {
            return records;
        }
        Iterator<LogitBatch> selected = new Selected(records, selection, withLogits);
        if (passes <= 1) {
            return selected;
        }
        List<LogitBatch> labelled = new ArrayList<>();
        selected.forEachRemaining(labelled::add);
        List<LogitBatch> epoch = new ArrayList<>(labelled.size() * passes);
        epoch.addAll(labelled);
        for (int pass = 1; pass < passes; pass++) {
            List<LogitBatch> order = new ArrayList<>(labelled);
            Collections.shuffle(order, random);
            epoch.addAll(order);
        }
        return epoch.iterator();
    }

    /** The records with the selection applied; records left empty are skipped. */
    private static final class Selected implements Iterator<LogitBatch> {

        private final Iterator<LogitBatch> records;
        private final TransferSelection selection;
        private final boolean keepUnlabelled;
        private LogitBatch next;

        Selected(
                Iterator<LogitBatch> records, TransferSelection selection, boolean keepUnlabelled) {
            this.records = records;
            this.selection = selection;
            this.keepUnlabelled = keepUnlabelled;
        }

        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                next = selection.apply(records.next(), keepUnlabelled);
            }
            return next != null;
        }

        @Override
        public LogitBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LogitBatch record = next;
            next = null;
            return record;
        }
    }
}
