package io.kdstream.teacher.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A teacher checkpoint, as published to the models topic after an epoch.
 *
 * @param modelId unique id, {@code <trainingId>-e<epoch>}
 * @param ownerId the teacher training id
 * @param architecture registry name of the network
 * @param epoch 1-based number of completed epochs
 * @param epochs total epochs planned
 * @param trainLoss mean training loss of the epoch
 * @param testAccuracy accuracy on the 10,000 test images, or {@code null} when unknown (a
 *     checkpoint read back from Kafka does not carry it)
 * @param parameterCount the number of scalar parameters
 * @param parameters the parameters in DJL's format
 * @param hyperparameters the training settings, as strings
 * @param createdAt when the checkpoint was taken
 */
public record TeacherCheckpoint(
        String modelId,
        String ownerId,
        String architecture,
        int epoch,
        int epochs,
        double trainLoss,
        Double testAccuracy,
        long parameterCount,
        byte[] parameters,
        Map<String, String> hyperparameters,
        Instant createdAt) {

    /** Copies the map. */
    public TeacherCheckpoint {
        hyperparameters = Map.copyOf(hyperparameters);
    }

    /**
     * Returns the id of the checkpoint of a training after an epoch.
     *
     * @param trainingId the teacher training id
     * @param epoch the 1-based epoch
     * @return {@code <trainingId>-e<epoch>}
     */
    public static String modelId(String trainingId, int epoch) {
        return trainingId + "-e" + epoch;
    }

    /** Returns a copy with the test accuracy set. */
    public TeacherCheckpoint withTestAccuracy(double accuracy) {
        return new TeacherCheckpoint(
                modelId,
                ownerId,
                architecture,
                epoch,
                epochs,
                trainLoss,
                accuracy,
                parameterCount,
                parameters,
                hyperparameters,
                createdAt);
    }
}
