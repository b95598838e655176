package io.kdstream.evaluator.domain;

import java.util.List;

/**
 * Some test images a model classified wrong.
 *
 * @param modelId the model
 * @param errors how many test images it classified wrong in all
 * @param width image width in pixels
 * @param height image height in pixels
 * @param digits the first of them, in test-set order
 */
public record MisclassifiedDigits(
        String modelId, int errors, int width, int height, List<MisclassifiedDigit> digits) {

    /** Copies the digits. */
    public MisclassifiedDigits {
        digits = List.copyOf(digits);
    }
}
