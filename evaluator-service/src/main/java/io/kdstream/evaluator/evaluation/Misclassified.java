package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.MisclassifiedDigit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Picks the test images a model classified wrong, with their pixels, for the dashboard. */
public final class Misclassified {

    private Misclassified() {}

    /**
     * Returns the first images, in test-set order, whose prediction is not the label.
     *
     * @param predictions the predicted class of every test image
     * @param labels the true class of every test image
     * @param images the test images' uint8 pixels, {@code pixelsPerImage} per image, row-major
     * @param pixelsPerImage pixels of one image
     * @param limit the most images to return
     * @return the images, each with its base64 pixels
     * @throws IllegalArgumentException if the arrays do not describe the same images
     */
    public static List<MisclassifiedDigit> first(
            byte[] predictions, int[] labels, byte[] images, int pixelsPerImage, int limit) {
        if (predictions.length != labels.length
                || (long) labels.length * pixelsPerImage != images.length) {
            throw new IllegalArgumentException(
                    predictions.length
                            + " predictions, "
                            + labels.length
                            + " labels and "
                            + images.length
                            + " pixels do not describe the same images");
        }
        List<MisclassifiedDigit> out = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < labels.length && out.size() < limit; i++) {
            if (predictions[i] != labels[i]) {
                byte[] pixels =
                        Arrays.copyOfRange(images, i * pixelsPerImage, (i + 1) * pixelsPerImage);
                out.add(
                        new MisclassifiedDigit(
                                i, labels[i], predictions[i], base64.encodeToString(pixels)));
            }
        }
        return out;
    }

    /**
     * Counts the images whose prediction is not the label.
     *
     * @param predictions the predicted classes
     * @param labels the true classes, as many
     * @return the number of errors
     */
    public static int errors(byte[] predictions, int[] labels) {
        int errors = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] != labels[i]) {
                errors++;
            }
        }
        return errors;
    }
}
