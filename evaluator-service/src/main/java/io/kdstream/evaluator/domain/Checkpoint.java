package io.kdstream.evaluator.domain;

import io.kdstream.core.schema.ModelRole;

/**
 * A published model checkpoint, as the evaluator needs it.
 *
 * @param modelId unique per checkpoint
 * @param role teacher or student
 * @param architecture registry name of the network
 * @param ownerId teacher training id, or the student job id
 * @param experimentId the student's experiment, or {@code null}
 * @param teacherRunId the teacher run a student distilled from, or {@code null}
 * @param lossMode hinton, tutorial or none
 * @param epoch 1-based number of completed epochs
 * @param epochs total epochs planned
 * @param trainLoss mean training loss of the epoch
 * @param parameters the parameters in DJL's format
 */
public record Checkpoint(
        String modelId,
        ModelRole role,
        String architecture,
        String ownerId,
        String experimentId,
        String teacherRunId,
        String lossMode,
        int epoch,
        int epochs,
        double trainLoss,
        byte[] parameters) {}
