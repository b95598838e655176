package io.kdstream.evaluator.report;

import static io.kdstream.evaluator.report.ReportFixtures.evaluation;
import static io.kdstream.evaluator.report.ReportFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedBandsTest {

    private static final List<JobSpec> JOBS =
            List.of(
                    job("x", "hinton-s7", "hinton", "hinton", 10, 0.1, 7, 1),
                    job("x", "hinton-s8", "hinton", "hinton", 10, 0.1, 8, 2),
                    job("x", "hinton-s9", "hinton", "hinton", 10, 0.1, 9, 3),
                    job("x", "scratch", null, "none", 10, 0.1, 7, 4));

    @Test
    void meanMinAndMaxOverTheSeedsThatReachedEachEpoch() {
        SeedBands bands =
                SeedBands.of(
                        JOBS,
                        "teacher-training",
                        List.of(
                                evaluation(ModelRole.STUDENT, "x-hinton-s7", 1, 0.90, 1),
                                evaluation(ModelRole.STUDENT, "x-hinton-s8", 1, 0.92, 1),
                                evaluation(ModelRole.STUDENT, "x-hinton-s9", 1, 0.94, 1),
                                evaluation(ModelRole.STUDENT, "x-hinton-s7", 2, 0.95, 2),
                                evaluation(ModelRole.STUDENT, "x-hinton-s8", 2, 0.97, 2),
                                evaluation(ModelRole.STUDENT, "x-scratch", 1, 0.80, 1),
                                evaluation(ModelRole.STUDENT, "other-job", 1, 0.10, 1),
                                evaluation(ModelRole.TEACHER, "teacher-training", 2, 0.98, 2),
                                evaluation(ModelRole.TEACHER, "teacher-training", 1, 0.97, 1),
                                evaluation(ModelRole.TEACHER, "another-teacher", 1, 0.5, 1)));

        assertThat(bands.teacher())
                .containsExactly(new SeedBands.Point(1, 0.97), new SeedBands.Point(2, 0.98));
        assertThat(bands.groups())
                .extracting(SeedBands.Band::label)
                .containsExactly("hinton", "scratch");

        SeedBands.Band hinton = bands.groups().get(0);
        assertThat(hinton.seeds()).isEqualTo(3);
        assertThat(hinton.lossMode()).isEqualTo("hinton");
        assertThat(hinton.points()).hasSize(2);
        SeedBands.BandPoint first = hinton.points().get(0);
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.n()).isEqualTo(3);
        assertThat(first.mean()).isCloseTo(0.92, within(1e-12));
        assertThat(first.min()).isEqualTo(0.90);
        assertThat(first.max()).isEqualTo(0.94);
        SeedBands.BandPoint second = hinton.points().get(1);
        assertThat(second.n()).isEqualTo(2);
        assertThat(second.mean()).isCloseTo(0.96, within(1e-12));
        assertThat(second.min()).isEqualTo(0.95);
        assertThat(second.max()).isEqualTo(0.97);

        SeedBands.Band scratch = bands.groups().get(1);
        assertThat(scratch.seeds()).isEqualTo(1);
        assertThat(scratch.points())
                .containsExactly(new SeedBands.BandPoint(1, 1, 0.80, 0.80, 0.80));
    }

    @Test
    void aReEvaluatedEpochCountsOnceWithItsLatestAccuracy() {
        SeedBands bands =
                SeedBands.of(
                        JOBS.subList(0, 1),
                        null,
                        List.of(
                                evaluation(ModelRole.STUDENT, "x-hinton-s7", 1, 0.99, 5),
                                evaluation(ModelRole.STUDENT, "x-hinton-s7", 1, 0.50, 1)));

        assertThat(bands.teacher()).isEmpty();
        assertThat(bands.groups().get(0).points())
                .containsExactly(new SeedBands.BandPoint(1, 1, 0.99, 0.99, 0.99));
    }

    @Test
    void noEvaluationsGiveEmptyBands() {
        SeedBands bands = SeedBands.of(JOBS, "teacher-training", List.of());

        assertThat(bands.teacher()).isEmpty();
        assertThat(bands.groups()).hasSize(2).allMatch(b -> b.points().isEmpty());
    }
}
