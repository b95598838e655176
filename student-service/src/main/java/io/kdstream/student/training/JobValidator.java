package io.kdstream.student.training;

import ai.djl.Device;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Checks a job's fields before anything is trained, so that a bad job is REJECTED with every reason
 * at once instead of failing half-way.
 *
 * <p>Each violation names the field and the allowed values or range. The teacher run is checked
 * separately (it needs Kafka); see {@link StudentJobService}.
 */
public final class JobValidator {

    /** Most epochs a job may ask for: a worker is busy with one job at a time. */
    public static final int MAX_EPOCHS = 1000;

    /** Largest batch a job may ask for: the batch lives in memory twice (Java and native). */
    public static final int MAX_BATCH_SIZE = 8192;

    private JobValidator() {}

    /**
     * Lists what is wrong with a job.
     *
     * @param job the job
     * @return one message per invalid field, empty if the job is valid
     */
    public static List<String> violations(JobSpec job) {
        List<String> violations = new ArrayList<>();
        if (blank(job.jobId())) {
            violations.add("jobId must not be blank");
        }
        if (blank(job.teacherRunId())) {
            violations.add("teacherRunId must not be blank");
        }
        if (!ArchitectureRegistry.names().contains(job.architecture())) {
            violations.add(
                    "architecture '"
                            + job.architecture()
                            + "' is unknown; known: "
                            + new TreeSet<>(ArchitectureRegistry.names()));
        }
        try {
            Mode.parse(job.lossMode());
        } catch (IllegalArgumentException e) {
            violations.add(
                    "lossMode '" + job.lossMode() + "' is unknown; valid: hinton, tutorial, none");
        }
        if (!(job.alpha() >= 0 && job.alpha() <= 1)) {
            violations.add("alpha must be in [0, 1], got " + job.alpha());
        }
        if (!(job.temperature() > 0) || Double.isInfinite(job.temperature())) {
            violations.add("temperature must be finite and > 0, got " + job.temperature());
        }
        if (job.epochs() < 1 || job.epochs() > MAX_EPOCHS) {
            violations.add("epochs must be in [1, " + MAX_EPOCHS + "], got " + job.epochs());
        }
        if (!(job.learningRate() > 0) || Double.isInfinite(job.learningRate())) {
            violations.add("learningRate must be finite and > 0, got " + job.learningRate());
        }
        if (!(job.momentum() >= 0 && job.momentum() < 1)) {
            violations.add("momentum must be in [0, 1), got " + job.momentum());
        }
        if (job.batchSize() < 1 || job.batchSize() > MAX_BATCH_SIZE) {
            violations.add(
                    "batchSize must be in [1, " + MAX_BATCH_SIZE + "], got " + job.batchSize());
        }
        try {
            weightInit(job.weightInit());
        } catch (IllegalArgumentException e) {
            violations.add(
                    "weightInit '"
                            + job.weightInit()
                            + "' is unknown; valid: pytorch-default (or pytorch), djl-default (or"
                            + " djl)");
        }
        return violations;
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
    static WeightInit weightInit(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "pytorch" -> WeightInit.PYTORCH_DEFAULT;
            case "djl" -> WeightInit.DJL_DEFAULT;
            default -> WeightInit.parse(v);
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
