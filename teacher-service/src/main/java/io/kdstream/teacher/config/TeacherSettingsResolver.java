package io.kdstream.teacher.config;

import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.teacher.domain.TeacherProfile;
import io.kdstream.teacher.domain.TeacherSettings;

/** Applies the {@code kd.teacher.*} overrides to the selected profile's settings. */
public final class TeacherSettingsResolver {

    /** The number of MNIST training images, the largest train limit. */
    public static final int MNIST_TRAIN_SIZE = TeacherSettings.MNIST_TRAIN_SIZE;

    private TeacherSettingsResolver() {}

    /**
     * Resolves and validates the teacher's settings.
     *
     * @param teacher the {@code kd.teacher} configuration
     * @return the settings
     * @throws IllegalArgumentException if a value is out of range; the message names the key
     */
    public static TeacherSettings resolve(TeacherConfig.Teacher teacher) {
        TeacherSettings base = TeacherProfile.parse(teacher.profile()).settings();
        String architecture = teacher.architecture().orElse(base.architecture());
        ArchitectureRegistry.get(architecture);
        TeacherSettings settings =
                new TeacherSettings(
                        base.profile(),
                        architecture,
                        teacher.epochs().orElse(base.epochs()),
                        teacher.learningRate().orElse(base.learningRate()),
                        teacher.momentum().orElse(base.momentum()),
                        teacher.batchSize().orElse(base.batchSize()),
                        teacher.seed().orElse(base.seed()),
                        teacher.weightInit().map(WeightInit::parse).orElse(base.weightInit()),
                        teacher.trainLimit());
        requireTrainLimit(settings.trainLimit(), "kd.teacher.train-limit");
        if (teacher.streamBatchSize() < 1) {
            throw new IllegalArgumentException(
                    "kd.teacher.stream-batch-size must be >= 1, got " + teacher.streamBatchSize());
        }
        return settings;
    }

    /**
     * Checks a train limit.
     *
     * @param limit the limit; 0 means all images
     * @param name the key or field named in the message
     * @throws IllegalArgumentException if the limit is outside 0..60000
     */
    public static void requireTrainLimit(int limit, String name) {
        if (limit < 0 || limit > MNIST_TRAIN_SIZE) {
            throw new IllegalArgumentException(
                    name + " must be in 0.." + MNIST_TRAIN_SIZE + " (0 = all), got " + limit);
        }
    }

    /**
     * Applies a train limit to the training split.
     *
     * @param train the whole training split
     * @param limit the limit; 0 means all images
     * @return the first {@code limit} images, or the whole split
     */
    public static MnistSplit limit(MnistSplit train, int limit) {
        return limit <= 0 || limit >= train.size() ? train : train.subset(limit);
    }
}
