package io.kdstream.core.training;

/**
 * The result of one training epoch.
 *
 * @param epoch the epoch, from 1
 * @param epochs the number of epochs of the run
 * @param meanLoss the loss averaged over the epoch's images
 * @param trainAccuracy the fraction of the epoch's images the model classified right while training
 *     on them
 * @param seconds the epoch's wall time
 * @param samplesPerSecond the epoch's training images per second
 */
public record EpochSummary(
        int epoch,
        int epochs,
        double meanLoss,
        double trainAccuracy,
        double seconds,
        double samplesPerSecond) {}
