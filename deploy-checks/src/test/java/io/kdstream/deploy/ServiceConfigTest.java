package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.deploy.support.ConfigMappingKeys;
import io.kdstream.deploy.support.Repo;
import io.kdstream.deploy.support.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reading a service's configuration: @ConfigMapping keys (as SmallRye Config names them),
 * environment variable names, channels and expressions of application.properties.
 */
class ServiceConfigTest {

    /** A mapping with every shape kd-stream uses: groups, Optional, Map, renamed keys. */
    @ConfigMapping(prefix = "kd")
    interface XConfig {

        /** Topics. */
        Topics topics();

        @WithDefault("auto")
        String device();

        Optional<Limits> limits();

        Map<String, String> labels();

        @WithName("http-url")
        String httpUrl();

        Student student();

        interface Topics {
            @WithDefault("kd.")
            String prefix();

            @WithDefault("true")
            boolean create();
        }

        interface Limits {
            int maxJobs();
        }

        interface Student {
            Optional<Integer> trainLimit();

            default String describe() {
                return "x{y}";
            }

            StandardExperiment standardExperiment();
        }

        interface StandardExperiment {
            double learningRate();
        }
    }

    @Test
    void configMappingKeysFollowSmallRyeNaming() {
        assertThat(ConfigMappingKeys.of(XConfig.class))
                .containsExactlyInAnyOrder(
                        "kd.topics.prefix",
                        "kd.topics.create",
                        "kd.device",
                        "kd.limits.max-jobs",
                        "kd.labels.*",
                        "kd.http-url",
                        "kd.student.train-limit",
                        "kd.student.standard-experiment.learning-rate");
    }

    @Test
    void environmentVariablesMapToKeysAsSmallRyeDoes() {
        ServiceConfig config =
                ServiceConfig.parse(
                        "x",
                        """
                quarkus.application.name=x
                kafka.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}
                %dev,test.quarkus.log.level=DEBUG
                mp.messaging.incoming.jobs.connector=smallrye-kafka
                mp.messaging.incoming.jobs.topic=${kd.topics.prefix}student-jobs
                mp.messaging.incoming.jobs.auto.offset.reset=earliest
                """,
                        ConfigMappingKeys.of(XConfig.class));

        assertThat(config.keyForEnv("KD_TOPICS_PREFIX")).isPresent();
        assertThat(config.keyForEnv("KD_STUDENT_TRAIN_LIMIT")).isPresent();
        assertThat(config.keyForEnv("KD_STUDENT_STANDARD_EXPERIMENT_LEARNING_RATE")).isPresent();
        assertThat(config.keyForEnv("KD_LABELS_TEAM")).isPresent();
        assertThat(config.keyForEnv("KAFKA_BOOTSTRAP_SERVERS")).isPresent();
        assertThat(config.keyForEnv("QUARKUS_LOG_LEVEL")).isPresent();
        assertThat(config.keyForEnv("KD_TOPIC_PREFIX")).as("a typo").isEmpty();
        assertThat(config.keyForEnv("KD_DATA_DIR")).as("not declared").isEmpty();

        assertThat(config.channels())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.direction()).isEqualTo("incoming");
                            assertThat(c.attributes())
                                    .containsEntry("auto.offset.reset", "earliest");
                            assertThat(
                                            config.resolve(
                                                    c.topic(),
                                                    Map.of("KD_TOPICS_PREFIX", "dev."),
                                                    Map.of()))
                                    .isEqualTo("dev.student-jobs");
                            assertThat(
                                            config.resolve(
                                                    c.topic(),
                                                    Map.of(),
                                                    Map.of("kd.topics.prefix", "kd.")))
                                    .isEqualTo("kd.student-jobs");
                        });
        assertThat(config.property("quarkus.log.level")).as("dev/test only").isEmpty();
    }

    @Test
    void readsTheTeacherServicesRealConfiguration() {
        ServiceConfig teacher = ServiceConfig.read(Repo.root().resolve("teacher-service"));
        assertThat(teacher.applicationName()).isEqualTo("teacher-service");
        assertThat(teacher.mappingKeys())
                .contains("kd.topics.prefix", "kd.data.dir", "kd.device", "kd.teacher.train-limit");
        assertThat(teacher.channels())
                .extracting(ServiceConfig.Channel::name)
                .contains("teacher-logits");
        assertThat(List.of(ServiceConfig.envName("kd.teacher.train-limit")))
                .containsExactly("KD_TEACHER_TRAIN_LIMIT");
    }
}
