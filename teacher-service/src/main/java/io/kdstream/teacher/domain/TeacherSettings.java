package io.kdstream.teacher.domain;

import ai.djl.Device;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.TrainingSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The teacher training's resolved settings: a profile's values with the configured overrides.
 *
 * @param profile the profile the values started from
 * @param architecture registry name of the teacher network
 * @param epochs training epochs
 * @param learningRate SGD learning rate
 * @param momentum SGD momentum
 * @param batchSize training batch size
 * @param seed seeds the weights and the batch order
 * @param weightInit how the initial weights are drawn
 * @param trainLimit train on the first N training images; 0 means all
 */
public record TeacherSettings(
        String profile,
        String architecture,
        int epochs,
        float learningRate,
        float momentum,
        int batchSize,
        long seed,
        WeightInit weightInit,
        int trainLimit) {

    /** The number of MNIST training images, the largest train limit. */
    public static final int MNIST_TRAIN_SIZE = 60_000;

    /**
     * Builds the training spec: plain cross-entropy (a teacher distils from nobody).
     *
     * @param device the device to train on
     * @return the validated spec
     * @throws IllegalArgumentException if a value is out of range
     */
    public TrainingSpec toSpec(Device device) {
        return TrainingSpec.builder(architecture)
                .optNoDistillation()
                .optEpochs(epochs)
                .optSgd(learningRate, momentum)
                .optBatchSize(batchSize)
                .optSeed(seed)
                .optWeightInit(weightInit)
                .optDevice(device)
                .build();
    }

    /**
     * Returns the number of images a training with these settings trains on.
     *
     * @return the train limit, or all 60,000 MNIST training images when it is 0
     */
    public int trainSamples() {
        return trainLimit == 0 ? MNIST_TRAIN_SIZE : trainLimit;
    }

    /**
     * Returns whether a checkpoint is the last one of a training with these settings, the one a
     * training now would end with (up to the device, which changes no setting).
     *
     * @param checkpoint a teacher checkpoint, as published
     * @return {@code true} if it is the final epoch's and every setting it records is equal
     */
    public boolean trained(TeacherCheckpoint checkpoint) {
        if (!architecture.equals(checkpoint.architecture())
                || checkpoint.epoch() != epochs
                || checkpoint.epochs() != epochs) {
            return false;
        }
        Map<String, String> expected = hyperparameters(trainSamples(), Device.cpu());
        expected.remove("device");
        return expected.entrySet().stream()
                .allMatch(
                        e ->
                                Objects.equals(
                                        e.getValue(),
                                        checkpoint.hyperparameters().get(e.getKey())));
    }

    /**
     * Returns the settings as the string map published with every checkpoint.
     *
     * @param trainSamples the number of images actually trained on
     * @param device the device trained on
     * @return an ordered map of names to values
     */
    public Map<String, String> hyperparameters(int trainSamples, Device device) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("profile", profile);
        map.put("epochs", String.valueOf(epochs));
        map.put("learningRate", String.valueOf(learningRate));
        map.put("momentum", String.valueOf(momentum));
        map.put("batchSize", String.valueOf(batchSize));
        map.put("seed", String.valueOf(seed));
        map.put("weightInit", weightInit.configName());
        map.put("optimizer", "sgd");
        map.put("trainSamples", String.valueOf(trainSamples));
        map.put("device", device.toString().toLowerCase(Locale.ROOT));
        return map;
    }
}
