package io.kdstream.student.domain;

import java.time.Instant;

/**
 * A student job as it arrived on the student-jobs topic, before validation.
 *
 * @param jobId the job id, also the record key
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
        Instant submittedAt) {}
