package io.kdstream.teacher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which published checkpoint counts as a training with given settings, the test a restarted teacher
 * uses to reuse finished work. Plain JUnit: only records and string maps.
 */
class TeacherSettingsTest {

    private final TeacherSettings settings = limited(TeacherProfile.QUICK.settings(), 1000);

    @Test
    void theLastCheckpointOfTheSameTrainingMatchesOnAnyDevice() {
        assertThat(
                        settings.trained(
                                checkpoint(settings, settings.epochs(), Device.gpu(), Map.of())))
                .isTrue();
    }

    @Test
    void anEarlierEpochDoesNotMatch() {
        assertThat(
                        settings.trained(
                                checkpoint(
                                        settings, settings.epochs() - 1, Device.cpu(), Map.of())))
                .isFalse();
    }

    @Test
    void anyOtherSettingDoesNotMatch() {
        int last = settings.epochs();
        assertThat(settings.trained(checkpoint(settings, last, Device.cpu(), Map.of("seed", "7"))))
                .isFalse();
        assertThat(
                        settings.trained(
                                checkpoint(
                                        settings,
                                        last,
                                        Device.cpu(),
                                        Map.of("learningRate", "0.5"))))
                .isFalse();
        assertThat(
                        settings.trained(
                                checkpoint(
                                        settings,
                                        last,
                                        Device.cpu(),
                                        Map.of("trainSamples", "60000"))))
                .isFalse();
        assertThat(
                        settings.trained(
                                checkpoint(
                                        settings,
                                        last,
                                        Device.cpu(),
                                        Map.of("profile", "reference"))))
                .isFalse();
        TeacherCheckpoint otherNetwork =
                new TeacherCheckpoint(
                        "teacher-x-e" + last,
                        "teacher-x",
                        "some-other-network",
                        last,
                        last,
                        0.1,
                        null,
                        1,
                        new byte[0],
                        settings.hyperparameters(1000, Device.cpu()),
                        Instant.now());
        assertThat(settings.trained(otherNetwork)).isFalse();
    }

    @Test
    void noTrainLimitMeansAllSixtyThousandImages() {
        TeacherSettings all = TeacherProfile.QUICK.settings();
        assertThat(all.trainSamples()).isEqualTo(60_000);
        assertThat(all.trained(checkpoint(all, all.epochs(), Device.cpu(), Map.of()))).isTrue();
    }

    /** The checkpoint a training with these settings publishes, with some values changed. */
    private static TeacherCheckpoint checkpoint(
            TeacherSettings s, int epoch, Device device, Map<String, String> changed) {
        Map<String, String> hyperparameters =
                new HashMap<>(s.hyperparameters(s.trainSamples(), device));
        hyperparameters.putAll(changed);
        return new TeacherCheckpoint(
                "teacher-x-e" + epoch,
                "teacher-x",
                s.architecture(),
                epoch,
                s.epochs(),
                0.1,
                null,
                1,
                new byte[0],
                hyperparameters,
                Instant.now());
    }

    private static TeacherSettings limited(TeacherSettings s, int trainLimit) {
        return new TeacherSettings(
                s.profile(),
                s.architecture(),
                s.epochs(),
                s.learningRate(),
                s.momentum(),
                s.batchSize(),
                s.seed(),
                s.weightInit(),
                trainLimit);
    }
}
