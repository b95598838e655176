package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.TransferSet;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.PresetRequest;
import io.kdstream.evaluator.domain.Violation;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each preset expands to valid experiments with their scratch baseline, on the data it names. */
class PresetsTest {

    private static final RunManifest RUN = Fixtures.run("run-1", "teacher-e3", RunStatus.COMPLETE);
    private static final Function<String, RunManifest> LOOKUP =
            id -> "run-1".equals(id) ? RUN : null;
    private static final PresetRequest DEFAULTS =
            new PresetRequest("run-1", null, null, null, null, null);

    @Test
    void fewLabelsIsOneExperimentPerFractionWithTheSameLabelsForBothStudents() {
        List<ExperimentRequest> experiments =
                Presets.FEW_LABELS.expand(DEFAULTS, Fixtures.CONFIGURED);

        assertThat(experiments).hasSize(2);
        assertThat(experiments.get(0).students())
                .extracting(
                        StudentRequest::label,
                        StudentRequest::lossMode,
                        StudentRequest::labelFraction,
                        StudentRequest::repeats)
                .containsExactly(
                        tuple("hinton-1pct", "hinton", 0.01, 3),
                        tuple("scratch-1pct", "none", 0.01, 3));
        assertThat(experiments.get(1).students())
                .extracting(StudentRequest::label)
                .containsExactly("hinton-5pct", "scratch-5pct");
        for (ExperimentRequest e : experiments) {
            assertThat(ExperimentValidator.validate(Fixtures.VALIDATOR, e, LOOKUP)).isEmpty();
            List<JobSpec> jobs = ExperimentValidator.jobs("exp-1", "run-1", e, Instant.EPOCH);
            // 3 seeds each, from the configured seed 11; both students on the same labels
            assertThat(jobs)
                    .extracting(JobSpec::seed)
                    .containsExactly(11L, 12L, 13L, 11L, 12L, 13L);
            assertThat(jobs).extracting(JobSpec::transferSet).allMatch(TransferSet::partialLabels);
        }
    }

    @Test
    void transferWithoutClassLeavesTheAskedDigitOutOfBothStudents() {
        ExperimentRequest e =
                Presets.TRANSFER_WITHOUT_CLASS.expand(DEFAULTS, Fixtures.CONFIGURED).get(0);
        assertThat(e.students())
                .extracting(StudentRequest::label, StudentRequest::omittedClass)
                .containsExactly(tuple("hinton-no3", 3), tuple("scratch-no3", 3));

        PresetRequest seven = new PresetRequest("run-1", 2, 5L, 4, null, 7);
        List<JobSpec> jobs =
                ExperimentValidator.jobs(
                        "exp-1",
                        "run-1",
                        Presets.TRANSFER_WITHOUT_CLASS.expand(seven, Fixtures.CONFIGURED).get(0),
                        Instant.EPOCH);
        assertThat(jobs)
                .extracting(JobSpec::label, JobSpec::epochs, j -> j.transferSet().omittedClass())
                .containsExactly(
                        tuple("hinton-no7-s5", 4, 7),
                        tuple("hinton-no7-s6", 4, 7),
                        tuple("scratch-no7-s5", 4, 7),
                        tuple("scratch-no7-s6", 4, 7));
    }

    @Test
    void theTemperatureSweepIsOneShortRunPerCellAndAScratchStudent() {
        ExperimentRequest e =
                Presets.TEMPERATURE_SWEEP.expand(DEFAULTS, Fixtures.CONFIGURED).get(0);

        assertThat(e.students()).hasSize(5 * 3 + 1);
        assertThat(e.students())
                .filteredOn(s -> "T5-a0.5".equals(s.label()))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.temperature()).isEqualTo(5.0);
                            assertThat(s.alpha()).isEqualTo(0.5);
                            assertThat(s.epochs()).isEqualTo(1);
                            assertThat(s.seeds()).isEqualTo(1);
                        });
        assertThat(e.students())
                .extracting(StudentRequest::label)
                .contains("T1-a0.1", "T20-a0.9", "scratch");
        assertThat(ExperimentValidator.validate(Fixtures.VALIDATOR, e, LOOKUP)).isEmpty();
    }

    @Test
    void aBadFractionIsRefusedByName() {
        PresetRequest bad = new PresetRequest("run-1", null, null, null, List.of(1.5), null);
        ExperimentRequest e = Presets.FEW_LABELS.expand(bad, Fixtures.CONFIGURED).get(0);
        assertThat(ExperimentValidator.validate(Fixtures.VALIDATOR, e, LOOKUP))
                .extracting(Violation::field, Violation::message)
                .contains(
                        tuple("students[0].labelFraction", "must be in (0, 1], got 1.5"),
                        tuple("students[1].labelFraction", "must be in (0, 1], got 1.5"));

        PresetRequest tooMany =
                new PresetRequest("run-1", null, null, null, List.of(.1, .2, .3, .4, .5, .6), null);
        assertThatThrownBy(() -> Presets.FEW_LABELS.expand(tooMany, Fixtures.CONFIGURED))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessageContaining("labelFractions");
    }

    @Test
    void presetsAreFoundByTheirName() {
        assertThat(Presets.named("transfer-without-class"))
                .contains(Presets.TRANSFER_WITHOUT_CLASS);
        assertThat(Presets.named("few-shot")).isEmpty();
        assertThat(Presets.sweepLabel(0.5, 0.1)).isEqualTo("T0.5-a0.1");
    }
}
