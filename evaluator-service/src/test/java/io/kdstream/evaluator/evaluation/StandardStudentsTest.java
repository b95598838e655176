package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standard experiment follows the teacher run's profile. */
class StandardStudentsTest {

    private static final EvaluatorConfig.StandardExperiment CONFIGURED = Fixtures.CONFIGURED;

    @Test
    void aReferenceRunGetsTheTutorialsThreeStudents() {
        List<StudentRequest> students = StandardStudents.forProfile("reference", CONFIGURED);

        assertThat(students)
                .extracting(StudentRequest::label, StudentRequest::lossMode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tutorial", "tutorial"),
                        org.assertj.core.groups.Tuple.tuple("hinton", "hinton"),
                        org.assertj.core.groups.Tuple.tuple("scratch", "none"));
        // shared/reference/tutorial-setup.md: SGD lr 0.001, momentum 0.9, batch 128, 50 epochs,
        // alpha 0.1, T 10
        assertThat(students)
                .allSatisfy(
                        s -> {
                            assertThat(s.architecture()).isEqualTo("tutorial-student");
                            assertThat(s.learningRate()).isEqualTo(0.001);
                            assertThat(s.momentum()).isEqualTo(0.9);
                            assertThat(s.batchSize()).isEqualTo(128);
                            assertThat(s.epochs()).isEqualTo(50);
                            assertThat(s.alpha()).isEqualTo(0.1);
                            assertThat(s.temperature()).isEqualTo(10.0);
                            assertThat(s.seed()).isEqualTo(11L);
                            assertThat(s.repeats()).isEqualTo(3);
                        });
    }

    @Test
    void aQuickRunAndARunWithoutAProfileGetTheConfiguredPair() {
        for (String profile : new String[] {"quick", null, "something-else"}) {
            List<StudentRequest> students = StandardStudents.forProfile(profile, CONFIGURED);
            assertThat(students)
                    .extracting(StudentRequest::label)
                    .as("profile %s", profile)
                    .containsExactly("hinton", "scratch");
            assertThat(students)
                    .allSatisfy(
                            s -> {
                                assertThat(s.epochs()).isEqualTo(3);
                                assertThat(s.learningRate()).isEqualTo(0.005);
                                assertThat(s.batchSize()).isEqualTo(64);
                                assertThat(s.repeats()).isEqualTo(3);
                            });
        }
    }
}
