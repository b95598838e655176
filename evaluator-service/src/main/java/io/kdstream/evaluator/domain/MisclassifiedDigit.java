package io.kdstream.evaluator.domain;

/**
 * A test image a model classified wrong, with its pixels for display.
 *
 * @param index the image's index in the MNIST test split
 * @param label its true class
 * @param predicted the class the model predicted
 * @param pixels {@code width * height} uint8 grey levels, row-major, base64-encoded (0 = black
 *     background, 255 = white ink)
 */
public record MisclassifiedDigit(int index, int label, int predicted, String pixels) {}
