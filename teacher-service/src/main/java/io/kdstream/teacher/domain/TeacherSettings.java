package io.kdstream.teacher.domain;

import ai.djl.Device;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.TrainingSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
