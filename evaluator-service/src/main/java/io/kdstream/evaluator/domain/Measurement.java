package io.kdstream.evaluator.domain;

/**
 * A checkpoint run over the test images.
 *
 * @param score accuracy, loss, confusion and predictions
 * @param parameterCount scalar parameters of the loaded network
 * @param sizeBytes size of the serialized parameters
 * @param imagesPerSecond test images classified per second, forward passes included
 * @param seconds wall time of the whole evaluation, loading included
 * @param omittedClass the omitted class with its tuned bias, for a student whose transfer set left
 *     one out; {@code null} otherwise
 */
public record Measurement(
        TestScore score,
        long parameterCount,
        long sizeBytes,
        double imagesPerSecond,
        double seconds,
        OmittedClassScore omittedClass) {}
