package io.kdstream.core.job;

import ai.djl.Device;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The one set of rules a student job must meet to be trained: the evaluator applies it before it
 * answers 202 Accepted, and a worker applies it again before it trains (jobs can be written to the
 * topic by anyone), so a job the evaluator accepts is never REJECTED later.
 *
 * <p>Numbers are checked as the trainer will use them: the job carries doubles, training uses
 * 32-bit floats, so a temperature of 1e39 (infinity as a float), a learning rate of 1e-50 (0 as a
 * float) or a momentum of 0.99999999 (1 as a float) are refused here rather than trained.
 *
 * <p>The teacher run is checked separately: it needs Kafka (the evaluator's state, the worker's
 * look-up).
 */
public final class JobValidator {

    /** Most epochs a job may ask for: a worker is busy with one job at a time. */
    public static final int MAX_EPOCHS = 1000;

    /** Largest batch a job may ask for: the batch lives in memory twice (Java and native). */
    public static final int MAX_BATCH_SIZE = 8192;

    /**
     * One invalid field of a job.
     *
     * @param field the {@link JobSpec} component, e.g. {@code alpha}
     * @param message why, to follow the field's name, e.g. {@code must be in [0, 1], got 1.5}
     */
    public record Violation(String field, String message) {

        /** The field and the message: {@code alpha must be in [0, 1], got 1.5}. */
        @Override
        public String toString() {
            return field + " " + message;
        }
    }

    private JobValidator() {}

    /**
     * Lists what is wrong with a job, every field at once.
     *
     * @param job the job
     * @return one violation per invalid field, empty if the job can be trained
     */
    public static List<Violation> violations(JobSpec job) {
        List<Violation> v = new ArrayList<>();
        if (blank(job.jobId())) {
            v.add(new Violation("jobId", "must not be blank"));
        }
        if (blank(job.teacherRunId())) {
            v.add(new Violation("teacherRunId", "must not be blank"));
        }
        if (!ArchitectureRegistry.names().contains(job.architecture())) {
            v.add(
                    new Violation(
                            "architecture",
                            "'"
                                    + job.architecture()
                                    + "' is unknown; known: "
                                    + new TreeSet<>(ArchitectureRegistry.names())));
        }
        try {
            Mode.parse(job.lossMode());
        } catch (IllegalArgumentException e) {
            v.add(
                    new Violation(
                            "lossMode",
                            "'" + job.lossMode() + "' is unknown; valid: hinton, tutorial, none"));
        }
        if (!(job.alpha() >= 0 && job.alpha() <= 1)) {
            v.add(new Violation("alpha", "must be in [0, 1], got " + job.alpha()));
        }
        positiveFloat(v, "temperature", job.temperature());
        if (job.epochs() < 1 || job.epochs() > MAX_EPOCHS) {
            v.add(
                    new Violation(
                            "epochs",
                            "must be > 0 and at most " + MAX_EPOCHS + ", got " + job.epochs()));
        }
        positiveFloat(v, "learningRate", job.learningRate());
        if (!(job.momentum() >= 0 && (float) job.momentum() < 1f)) {
            v.add(
                    new Violation(
                            "momentum",
                            "must be in [0, 1) as a 32-bit float, got " + job.momentum()));
        }
        if (job.batchSize() < 1 || job.batchSize() > MAX_BATCH_SIZE) {
            v.add(
                    new Violation(
                            "batchSize",
                            "must be > 0 and at most "
                                    + MAX_BATCH_SIZE
                                    + ", got "
                                    + job.batchSize()));
        }
        try {
            weightInit(job.weightInit());
        } catch (IllegalArgumentException e) {
            v.add(
                    new Violation(
                            "weightInit",
                            "'"
                                    + job.weightInit()
                                    + "' is unknown; valid: pytorch-default (or pytorch),"
                                    + " djl-default (or djl)"));
        }
        transferSet(job, v);
        return v;
    }

    /** A label fraction that leaves labels to learn from, and an omitted class that exists. */
    private static void transferSet(JobSpec job, List<Violation> v) {
        TransferSet t = job.transferSet();
        if (!(t.labelFraction() > 0 && t.labelFraction() <= 1)) {
            v.add(new Violation("labelFraction", "must be in (0, 1], got " + t.labelFraction()));
        }
        Integer omitted = t.omittedClass();
        if (omitted != null && ArchitectureRegistry.names().contains(job.architecture())) {
            int classes = ArchitectureRegistry.get(job.architecture()).numClasses();
            if (omitted < 0 || omitted >= classes) {
                v.add(
                        new Violation(
                                "omittedClass",
                                "must be a class of "
                                        + job.architecture()
                                        + ", in [0, "
                                        + (classes - 1)
                                        + "], got "
                                        + omitted));
            }
        }
    }

    /**
     * Builds the training spec of a valid job.
     *
     * @param job a job without {@link #violations(JobSpec)}
     * @param device where the job trains
     * @return the spec
     * @throws IllegalArgumentException if the job is not valid
     */
    public static TrainingSpec trainingSpec(JobSpec job, Device device) {
        return TrainingSpec.builder(job.architecture())
                .optLoss(Mode.parse(job.lossMode()), (float) job.alpha(), (float) job.temperature())
                .optEpochs(job.epochs())
                .optSgd((float) job.learningRate(), (float) job.momentum())
                .optBatchSize(job.batchSize())
                .optSeed(job.seed())
                .optWeightInit(weightInit(job.weightInit()))
                .optDevice(device)
                .optPartialLabels(job.transferSet().partialLabels())
                .build();
    }

    /**
     * Parses a weight-init name; the schema's default {@code pytorch} and the short {@code djl} are
     * accepted besides the registry's names.
     *
     * @param value the name
     * @return the scheme
     * @throws IllegalArgumentException if the name is unknown
     */
    public static WeightInit weightInit(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "pytorch" -> WeightInit.PYTORCH_DEFAULT;
            case "djl" -> WeightInit.DJL_DEFAULT;
            default -> WeightInit.parse(v);
        };
    }

    /** A number the trainer casts to float: finite and > 0 after the cast, not only before. */
    private static void positiveFloat(List<Violation> v, String field, double value) {
        float asFloat = (float) value;
        if (!(value > 0) || Double.isInfinite(value)) {
            v.add(new Violation(field, "must be finite and > 0, got " + value));
        } else if (!(asFloat > 0) || Float.isInfinite(asFloat)) {
            v.add(
                    new Violation(
                            field,
                            "must be finite and > 0 as a 32-bit float, the trainer's type (about"
                                    + " 1.4e-45 to 3.4e38), got "
                                    + value));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
