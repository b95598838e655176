package io.kdstream.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code DistillationLoss} trains a student on hard labels and on a teacher's softened logits.
 *
 * <p>Labels are an {@link NDList} of (hard labels (batch), teacher logits (batch, classes)); index
 * 0 stays the hard label so that evaluators such as {@code Accuracy} keep working. Predictions are
 * the student's logits (batch, classes). With s the student logits, t the teacher logits, y the
 * hard labels, T the temperature and alpha the weight of the hard labels, every mode reduces with a
 * mean over the batch:
 *
 * <ul>
 *   <li>{@link Mode#HINTON} (the default, Hinton, Vinyals and Dean 2015): \( L = \alpha\, CE(s, y)
 *       + (1 - \alpha)\, T^2\, KL(softmax(t/T) \,\|\, softmax(s/T)) \), the KL divergence summed
 *       over classes. The \( T^2 \) keeps the soft-target gradients on the scale of the hard-label
 *       gradients when T changes.
 *   <li>{@link Mode#TUTORIAL}: \( L = \alpha\, CE(s, y) + (1 - \alpha)\, \frac{1}{B} \sum_{b,c} q_s
 *       (\log q_s - \log p_t) \) with \( q_s = softmax(s/T) \) and \( \log p_t = log\_softmax(t/T)
 *       \). This is what the reference tutorial's {@code F.kl_div(log_softmax(t/T), softmax(s/T),
 *       reduction='batchmean')} computes: PyTorch's {@code kl_div} expects the student's
 *       log-probabilities first, so the swapped arguments give KL(student || teacher) instead of
 *       KL(teacher || student), and there is no \( T^2 \) factor. The defect is reproduced on
 *       purpose, so that the tutorial's results can be reproduced.
 *   <li>{@link Mode#NONE}: \( L = CE(s, y) \), the no-distillation baseline; alpha, T and the
 *       teacher logits are ignored, and the teacher logits may be absent from the labels.
 * </ul>
 *
 * <p>All terms start from logits and use {@code logSoftmax}, as {@code SoftmaxCrossEntropyLoss}
 * does on its {@code fromLogit} path.
 *
 * <p><b>Partial labels.</b> A loss made with {@code partialLabels} accepts hard label {@code -1}
 * for an image whose label the student may not see (a few-labels transfer set). Alpha then applies
 * only where a label exists: with m_i = 1 for a labelled image and 0 otherwise, image i weighs \(
 * \alpha\, m_i\, CE_i + (1 - \alpha\, m_i)\, soft_i \), so an unlabelled image is taught by the
 * teacher alone, and the mean is still over the whole batch. For a batch with every label this is
 * the formula above. {@link Mode#NONE} averages the cross-entropy over the labelled images. Without
 * the flag, the loss takes the cheaper path that assumes every label is there.
 */
public class DistillationLoss extends Loss {

    /** The loss's display name, under which training results report it. */
    public static final String DEFAULT_NAME = "DistillationLoss";

    private final Mode mode;
    private final float alpha;
    private final float temperature;
    private final boolean partialLabels;

    /**
     * Creates a loss named {@value #DEFAULT_NAME}.
     *
     * @param mode the distillation term to use
     * @param alpha the weight of the hard-label cross-entropy, in [0, 1]
     * @param temperature the softmax temperature, finite and &gt; 0
     */
    public DistillationLoss(Mode mode, float alpha, float temperature) {
        this(DEFAULT_NAME, mode, alpha, temperature);
    }

    /**
     * Creates a loss with a display name.
     *
     * @param name the display name of the loss
     * @param mode the distillation term to use
     * @param alpha the weight of the hard-label cross-entropy, in [0, 1]
     * @param temperature the softmax temperature, finite and &gt; 0
     * @throws IllegalArgumentException if alpha or the temperature is out of range
     */
    public DistillationLoss(String name, Mode mode, float alpha, float temperature) {
        this(name, mode, alpha, temperature, false);
    }

    /**
     * Creates a loss that may take images without a hard label.
     *
     * @param name the display name of the loss
     * @param mode the distillation term to use
     * @param alpha the weight of the hard-label cross-entropy, in [0, 1]
     * @param temperature the softmax temperature, finite and &gt; 0
     * @param partialLabels whether hard label {@code -1} (no label) may occur
     * @throws IllegalArgumentException if alpha or the temperature is out of range
     */
    public DistillationLoss(
            String name, Mode mode, float alpha, float temperature, boolean partialLabels) {
        super(name);
        if (mode == null) {
            throw new IllegalArgumentException(
                    "mode must not be null; valid values: " + Mode.names());
        }
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature must be finite and > 0, got " + temperature);
        }
        this.mode = mode;
        this.alpha = alpha;
        this.temperature = temperature;
        this.partialLabels = partialLabels;
    }

    /**
     * Returns the distillation mode.
     *
     * @return the mode
     */
    public Mode getMode() {
        return mode;
    }

    /**
     * Returns the weight of the hard-label cross-entropy.
     *
     * @return alpha, in [0, 1]
     */
    public float getAlpha() {
        return alpha;
    }

    /**
     * Returns the softmax temperature.
     *
     * @return T, &gt; 0
     */
    public float getTemperature() {
        return temperature;
    }

    /**
     * Returns whether the loss takes images without a hard label (label {@code -1}).
     *
     * @return {@code true} for a few-labels transfer set
     */
    public boolean hasPartialLabels() {
        return partialLabels;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (partialLabels) {
            return evaluatePartial(labels, predictions);
        }
        // (batch, classes)
        NDArray student = predictions.singletonOrThrow();
        NDArray ce = crossEntropy(student, labels.head());
        if (mode == Mode.NONE) {
            return ce;
        }
        NDArray teacher = teacherLogits(labels, student);
        long batch = student.getShape().get(0);
        // summed over (batch, classes), then batchmean
        NDArray soft = softTerm(student, teacher).sum();
        soft =
                mode == Mode.HINTON
                        ? soft.mul(scalar(student, temperature * temperature / batch))
                        : soft.mul(scalar(student, 1f / batch));
        return ce.mul(scalar(student, alpha)).add(soft.mul(scalar(student, 1f - alpha)));
    }

    /** The teacher's logits from the labels, checked against the student's shape. */
    private NDArray teacherLogits(NDList labels, NDArray student) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException(
                    "Mode "
                            + mode.configName()
                            + " needs labels (hard labels, teacher logits), got "
                            + labels.size()
                            + " array(s)");
        }
        // (batch, classes); the teacher is never trained through this loss
        NDArray teacher = labels.get(1).stopGradient();
        if (!teacher.getShape().equals(student.getShape())) {
            throw new IllegalArgumentException(
                    "Teacher logits "
                            + teacher.getShape()
                            + " and student logits "
                            + student.getShape()
                            + " differ in shape");
        }
        return teacher;
    }

    /**
     * The distillation term per (image, class), before any reduction or T^2: HINTON's KL(p_t ||
     * q_s) terms p_t (log p_t - log q_s), TUTORIAL's KL(q_s || p_t) terms q_s (log q_s - log p_t).
     */
    private NDArray softTerm(NDArray student, NDArray teacher) {
        NDArray logQs = student.div(scalar(student, temperature)).logSoftmax(1);
        NDArray logPt =
                teacher.toType(student.getDataType(), false)
                        .div(scalar(student, temperature))
                        .logSoftmax(1);
        return mode == Mode.HINTON
                ? logPt.exp().mul(logPt.sub(logQs))
                : logQs.exp().mul(logQs.sub(logPt));
    }

    /** The loss with per-image label weights m_i: labels of -1 have no hard-label term. */
    private NDArray evaluatePartial(NDList labels, NDList predictions) {
        NDArray student = predictions.singletonOrThrow();
        NDArray hard = labels.head().toType(DataType.INT64, false).reshape(-1);
        // (batch): 1 where a label exists; unlabelled images point at class 0, masked out below
        NDArray mask = hard.gte(0).toType(student.getDataType(), false);
        NDArray safeLabels = hard.maximum(0);
        int classes = (int) student.getShape().get(1);
        NDArray logP = student.logSoftmax(1);
        // (batch) cross-entropy per image
        NDArray ce =
                logP.mul(safeLabels.oneHot(classes, logP.getDataType())).sum(new int[] {1}).neg();
        if (mode == Mode.NONE) {
            // the mean over the labelled images; a batch without any gives 0
            return ce.mul(mask).sum().div(mask.sum().maximum(1f));
        }
        NDArray teacher = teacherLogits(labels, student);
        long batch = student.getShape().get(0);
        NDArray softPerImage = softTerm(student, teacher).sum(new int[] {1});
        if (mode == Mode.HINTON) {
            softPerImage = softPerImage.mul(scalar(student, temperature * temperature));
        }
        NDArray hardWeight = mask.mul(scalar(student, alpha));
        NDArray softWeight = hardWeight.neg().add(scalar(student, 1f));
        return ce.mul(hardWeight)
                .add(softPerImage.mul(softWeight))
                .sum()
                .mul(scalar(student, 1f / batch));
    }

    /**
     * A constant for arithmetic under autograd, in memory that libtorch owns.
     *
     * <p>Not {@code NDArray.div(Number)} and its kin: DJL wraps the number in a scalar array over a
     * Java direct buffer and closes it after the operation, but autograd keeps that scalar for the
     * backward pass; a garbage collection in between frees the buffer, and the gradient then reads
     * freed memory (NaN losses in about one job in twenty). {@code full} allocates in libtorch, so
     * autograd's reference keeps the value alive.
     */
    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    private static NDArray crossEntropy(NDArray logits, NDArray hardLabels) {
        // (batch, classes) log-probabilities; one-hot of (batch) labels picks the true class
        NDArray logP = logits.logSoftmax(1);
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot =
                hardLabels
                        .toType(DataType.INT64, false)
                        .reshape(-1)
                        .oneHot(classes, logP.getDataType());
        return logP.mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** The distillation term of a {@link DistillationLoss}. */
    public enum Mode {

        /** Standard distillation, T^2 * KL(teacher || student); the default. */
        HINTON("hinton"),

        /** The reference tutorial's term, KL(student || teacher) without T^2. */
        TUTORIAL("tutorial"),

        /** No distillation: cross-entropy on the hard labels only. */
        NONE("none");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        /**
         * Returns the name used in configuration and job records.
         *
         * @return {@code hinton}, {@code tutorial} or {@code none}
         */
        public String configName() {
            return configName;
        }

        /**
         * Parses a configuration name, ignoring case and surrounding blanks.
         *
         * @param value {@code hinton}, {@code tutorial} or {@code none}
         * @return the mode
         * @throws IllegalArgumentException if the value names no mode; the message lists the valid
         *     values
         */
        public static Mode parse(String value) {
            if (value != null) {
                String v = value.trim().toLowerCase(Locale.ROOT);
                for (Mode m : values()) {
                    if (m.configName.equals(v)) {
                        return m;
                    }
                }
            }
            throw new IllegalArgumentException(
                    "Unknown distillation loss mode '" + value + "'; valid values: " + names());
        }

        static String names() {
            return Arrays.stream(values()).map(Mode::configName).collect(Collectors.joining(", "));
        }
    }
}
