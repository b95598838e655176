package io.kdstream.teacher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.model.WeightInit;
import io.kdstream.teacher.domain.TeacherSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checks the profiles and the overrides of {@code kd.teacher.*}.
 *
 * <p>Plain JUnit: the resolver reads the config interface only, so a hand-made implementation
 * replaces SmallRye Config and no Quarkus application is started.
 */
class TeacherSettingsResolverTest {

    @Test
    void quickProfileIsTheDefault() {
        TeacherSettings s = TeacherSettingsResolver.resolve(new Teacher("quick"));

        assertThat(s.profile()).isEqualTo("quick");
        assertThat(s.architecture()).isEqualTo("tutorial-teacher");
        assertThat(s.epochs()).isEqualTo(3);
        assertThat(s.learningRate()).isEqualTo(0.05f);
        assertThat(s.momentum()).isEqualTo(0.9f);
        assertThat(s.batchSize()).isEqualTo(64);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.weightInit()).isEqualTo(WeightInit.PYTORCH_DEFAULT);
        assertThat(s.trainLimit()).isZero();
    }

    @Test
    void referenceProfileIsTheTutorial() {
        TeacherSettings s = TeacherSettingsResolver.resolve(new Teacher("Reference"));

        assertThat(s.epochs()).isEqualTo(100);
        assertThat(s.learningRate()).isEqualTo(0.001f);
        assertThat(s.momentum()).isEqualTo(0.9f);
        assertThat(s.batchSize()).isEqualTo(128);
        assertThat(s.weightInit()).isEqualTo(WeightInit.PYTORCH_DEFAULT);
    }

    @Test
    void overridesReplaceTheProfilesValues() {
        Teacher config = new Teacher("reference");
        config.epochs = Optional.of(2);
        config.learningRate = Optional.of(0.01f);
        config.batchSize = Optional.of(32);
        config.seed = Optional.of(7L);
        config.weightInit = Optional.of("djl-default");
        config.trainLimit = 6000;

        TeacherSettings s = TeacherSettingsResolver.resolve(config);

        assertThat(s.epochs()).isEqualTo(2);
        assertThat(s.learningRate()).isEqualTo(0.01f);
        assertThat(s.momentum()).isEqualTo(0.9f);
        assertThat(s.batchSize()).isEqualTo(32);
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.weightInit()).isEqualTo(WeightInit.DJL_DEFAULT);
        assertThat(s.trainLimit()).isEqualTo(6000);
        assertThat(s.hyperparameters(6000, ai.djl.Device.cpu()))
                .containsEntry("profile", "reference")
                .containsEntry("epochs", "2")
                .containsEntry("trainSamples", "6000");
    }

    @Test
    void rejectsValuesOutOfRange() {
        Teacher unknownProfile = new Teacher("fast");
        assertThatThrownBy(() -> TeacherSettingsResolver.resolve(unknownProfile))
                .hasMessageContaining("kd.teacher.profile")
                .hasMessageContaining("quick, reference");

        Teacher limit = new Teacher("quick");
        limit.trainLimit = 60_001;
        assertThatThrownBy(() -> TeacherSettingsResolver.resolve(limit))
                .hasMessageContaining("kd.teacher.train-limit");

        Teacher architecture = new Teacher("quick");
        architecture.architecture = Optional.of("resnet");
        assertThatThrownBy(() -> TeacherSettingsResolver.resolve(architecture))
                .hasMessageContaining("Unknown architecture 'resnet'");

        Teacher stream = new Teacher("quick");
        stream.streamBatchSize = 0;
        assertThatThrownBy(() -> TeacherSettingsResolver.resolve(stream))
                .hasMessageContaining("kd.teacher.stream-batch-size");
    }

    /** A {@code kd.teacher} configuration with every override unset. */
    private static final class Teacher implements TeacherConfig.Teacher {
        final String profile;
        Optional<String> architecture = Optional.empty();
        Optional<Integer> epochs = Optional.empty();
        Optional<Float> learningRate = Optional.empty();
        Optional<Float> momentum = Optional.empty();
        Optional<Integer> batchSize = Optional.empty();
        Optional<Long> seed = Optional.empty();
        Optional<String> weightInit = Optional.empty();
        int trainLimit;
        int streamBatchSize = 128;

        Teacher(String profile) {
            this.profile = profile;
        }

        @Override
        public String profile() {
            return profile;
        }

        @Override
        public Optional<String> architecture() {
            return architecture;
        }

        @Override
        public Optional<Integer> epochs() {
            return epochs;
        }

        @Override
        public Optional<Float> learningRate() {
            return learningRate;
        }

        @Override
        public Optional<Float> momentum() {
            return momentum;
        }

        @Override
        public Optional<Integer> batchSize() {
            return batchSize;
        }

        @Override
        public Optional<Long> seed() {
            return seed;
        }

        @Override
        public Optional<String> weightInit() {
            return weightInit;
        }

        @Override
        public int trainLimit() {
            return trainLimit;
        }

        @Override
        public int streamBatchSize() {
            return streamBatchSize;
        }

        @Override
        public boolean runOnStart() {
            return true;
        }

        @Override
        public boolean reuseFinishedWork() {
            return true;
        }

        @Override
        public int maxQueuedRuns() {
            return 4;
        }

        @Override
        public int maxFinishedRuns() {
            return 100;
        }

        @Override
        public Optional<String> restreamModelId() {
            return Optional.empty();
        }

        @Override
        public int ackTimeoutSeconds() {
            return 60;
        }
    }
}
