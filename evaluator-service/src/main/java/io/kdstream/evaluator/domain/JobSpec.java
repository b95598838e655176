package io.kdstream.evaluator.domain;

import java.time.Instant;

/**
 * A student job of an experiment, as submitted to the student-jobs topic.
 *
 * @param jobId {@code <experimentId>-<label>}
 * @param experimentId the experiment
 * @param teacherRunId the teacher run distilled from
 * @param architecture registry name of the student
 * @param lossMode hinton, tutorial or none
 * @param alpha weight of the hard-label cross-entropy
 * @param temperature softmax temperature
 * @param epochs epochs to train
 * @param learningRate SGD learning rate
 * @param momentum SGD momentum
 * @param batchSize images per step
 * @param seed seeds weights and batch order
 * @param weightInit initial weights, e.g. pytorch-default
 * @param submittedAt when the job was submitted
 */
public record JobSpec(
        String jobId,
        String experimentId,
        String teacherRunId,
        String architecture,
        String lossMode,
        double alpha,
        double temperature,
        int epochs,
        double learningRate,
        double momentum,
        int batchSize,
        long seed,
        String weightInit,
        Instant submittedAt) {

    /** The loss mode that trains without a teacher. */
    public static final String SCRATCH_LOSS = "none";

    /**
     * Returns the job's label inside its experiment: the job id without the experiment prefix.
     *
     * @return for example {@code hinton} or {@code scratch}
     */
    public String label() {
        String prefix = experimentId + "-";
        return jobId.startsWith(prefix) && jobId.length() > prefix.length()
                ? jobId.substring(prefix.length())
                : jobId;
    }

    /**
     * Returns whether the job trains without a teacher.
     *
     * @return {@code true} for loss mode {@code none}
     */
    public boolean scratch() {
        return SCRATCH_LOSS.equalsIgnoreCase(lossMode);
    }
}
