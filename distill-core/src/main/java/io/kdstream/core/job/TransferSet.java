package io.kdstream.core.job;

import java.util.Locale;

/**
 * Which of a teacher run's images a student job learns from, and with which hard labels: the
 * student's transfer set. The default is every image, every label.
 *
 * <p>Two departures from it are where distillation is known to pay (Hinton, Vinyals and Dean 2015,
 * sections 3 and 5): with few labels, the teacher's logits on the unlabelled images still teach;
 * with a class left out, the teacher's soft targets on the other images still say what that class
 * looks like.
 *
 * @param labelFraction share of the run's images whose hard label the student sees, in (0, 1]
 * @param omittedClass a class none of whose images reaches the student, or {@code null}
 */
public record TransferSet(double labelFraction, Integer omittedClass) {

    /** Every image of the run, each with its label. */
    public static final TransferSet FULL = new TransferSet(1.0, null);

    /**
     * First training-split index of the held-out slice: MNIST's classic 55,000 / 5,000 split. A job
     * that omits a class never trains on the slice, so the evaluator can tune the omitted class's
     * output bias on it without touching the test set.
     */
    public static final int HELD_OUT_FROM = 55_000;

    /**
     * Returns whether the student sees every image with its label.
     *
     * @return {@code true} for {@link #FULL}
     */
    public boolean full() {
        return !partialLabels() && omittedClass == null;
    }

    /**
     * Returns whether some images come without their hard label.
     *
     * @return {@code true} when the label fraction is below 1
     */
    public boolean partialLabels() {
        return labelFraction < 1.0;
    }

    /**
     * Describes the set for logs and tables.
     *
     * @return for example {@code 1% of labels} or {@code without class 3}
     */
    public String describe() {
        if (full()) {
            return "all images, all labels";
        }
        StringBuilder s = new StringBuilder();
        if (partialLabels()) {
            s.append(String.format(Locale.ROOT, "%s%% of labels", percent(labelFraction)));
        }
        if (omittedClass != null) {
            s.append(s.isEmpty() ? "" : ", ")
                    .append("without class ")
                    .append(omittedClass)
                    .append(" and the held-out slice");
        }
        return s.toString();
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
