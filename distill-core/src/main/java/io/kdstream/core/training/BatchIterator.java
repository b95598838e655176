package io.kdstream.core.training;

import java.util.Iterator;

/**
 * The batches of one epoch, with a {@link #close()} for whatever the source holds open while the
 * epoch runs (a Kafka consumer's position, a file).
 *
 * <p>{@link ClassifierTrainer} closes it at the end of the epoch, also when the epoch ends early.
 * An iterator may throw {@link TrainingStoppedException} from {@link #hasNext()} to stop a run
 * while it waits for data.
 *
 * <p>The trainer is done with a {@link TrainingBatch} when it asks for the next one, so an iterator
 * may hand out the same arrays again, refilled: at 128 images a batch holds half a megabyte of
 * pixels, and a new one per step fills the heap with garbage (and resident memory with heap) much
 * faster than the training itself uses memory.
 */
public interface BatchIterator extends Iterator<TrainingBatch>, AutoCloseable {

    /** Releases what the epoch holds; the default holds nothing. */
    @Override
    default void close() {}

    /**
     * Wraps a plain iterator.
     *
     * @param batches the batches
     * @return an iterator whose {@link #close()} does nothing
     */
    static BatchIterator of(Iterator<TrainingBatch> batches) {
        return new BatchIterator() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public TrainingBatch next() {
                return batches.next();
            }
        };
    }
}
