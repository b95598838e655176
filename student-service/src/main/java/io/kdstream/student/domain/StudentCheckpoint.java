package io.kdstream.student.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A student checkpoint, as published to the models topic after each epoch (key: the job id).
 *
 * @param modelId {@code <jobId>-e<epoch>}
 * @param jobId the job, also the owner id
 * @param experimentId the job's experiment
 * @param teacherRunId the teacher run distilled from
 * @param architecture registry name of the student network
 * @param lossMode hinton, tutorial or none
 * @param epoch 1-based number of completed epochs
 * @param epochs total epochs of the job
 * @param trainLoss mean training loss of the epoch
 * @param hyperparameters the job's settings, as strings
 * @param parameterCount the number of scalar parameters
 * @param parameters the parameters in DJL's format
 * @param optimizerState the SGD momentum buffers (float32 LE, parameter order), or {@code null}
 * @param createdAt when the checkpoint was taken
 */
public record StudentCheckpoint(
        String modelId,
        String jobId,
        String experimentId,
        String teacherRunId,
        String architecture,
        String lossMode,
        int epoch,
        int epochs,
        double trainLoss,
        Map<String, String> hyperparameters,
        long parameterCount,
        byte[] parameters,
        byte[] optimizerState,
        Instant createdAt) {

    /** Copies the map. */
    public StudentCheckpoint {
        hyperparameters = Map.copyOf(hyperparameters);
    }

    /**
     * Returns the model id of a job's checkpoint after an epoch.
     *
     * @param jobId the job
     * @param epoch the 1-based epoch
     * @return {@code <jobId>-e<epoch>}
     */
    public static String modelId(String jobId, int epoch) {
        return jobId + "-e" + epoch;
    }
}
