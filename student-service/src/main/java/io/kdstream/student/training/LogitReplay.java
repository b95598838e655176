package io.kdstream.student.training;

import io.kdstream.core.training.EpochSource;

/**
 * A teacher run replayed as training batches, one pass per epoch; closing it releases its Kafka
 * consumer.
 */
public interface LogitReplay extends EpochSource, AutoCloseable {

    /**
     * Returns the images each epoch is expected to hold.
     *
     * @return the run's sample count
     */
    int samplesPerEpoch();

    /**
     * Returns how many records of the run were sent to the dead-letter topic so far.
     *
     * @return the number of malformed records met
     */
    int deadLettered();

    @Override
    void close();
}
