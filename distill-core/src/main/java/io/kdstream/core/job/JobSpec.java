package io.kdstream.core.job;

import java.time.Instant;

/**
 * A student job as it travels on the student-jobs topic: what the evaluator submits for an
 * experiment and what a worker trains. Nothing is validated here: the worker validates a job when
 * it takes it, and rejects it with the reasons.
 *
 * @param jobId the job id, also the record key: {@code <experimentId>-<label>} for the evaluator's
 * @param experimentId the experiment the job belongs to
 * @param teacherRunId the teacher run whose logits the student replays
 * @param architecture registry name of the student network
 * @param lossMode hinton, tutorial or none
 * @param alpha weight of the hard-label cross-entropy
 * @param temperature softmax temperature
 * @param epochs epochs to train
 * @param learningRate SGD learning rate
 * @param momentum SGD momentum
 * @param batchSize images per step
 * @param seed seeds the weights and the replay order
 * @param weightInit initial weights: pytorch-default (or pytorch) or djl-default (or djl)
 * @param submittedAt when the job was submitted
 * @param group the student this job repeats with another seed, or {@code null}: a group of its own
 * @param transferSet the images and labels the student learns from; {@code null} is read as {@link
 *     TransferSet#FULL}
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
        Instant submittedAt,
        String group,
        TransferSet transferSet) {

    /** A missing transfer set is the full one. */
    public JobSpec {
        transferSet = transferSet == null ? TransferSet.FULL : transferSet;
    }

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
     * Returns the name of the student this job is one seed of: the jobs of an experiment with the
     * same group name differ only in their seed, and a comparison summarises them together.
     *
     * @return the group, or the label for a job that is a group of its own
     */
    public String groupName() {
        return group != null ? group : label();
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
