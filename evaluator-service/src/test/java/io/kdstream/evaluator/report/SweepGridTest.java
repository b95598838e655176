package io.kdstream.evaluator.report;

import static io.kdstream.evaluator.report.ReportFixtures.T0;
import static io.kdstream.evaluator.report.ReportFixtures.studentRow;
import static io.kdstream.evaluator.report.ReportFixtures.teacherRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kdstream.evaluator.domain.ComparisonView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepGridTest {

    @Test
    void gridOfMeanAccuracyOverTemperatureAndAlpha() {
        SweepGrid grid =
                SweepGrid.of(ReportFixtures.sweep("sw"), ReportFixtures.jobs("sw")).orElseThrow();

        assertThat(grid.lossMode()).isEqualTo("hinton");
        assertThat(grid.temperatures()).containsExactly(1.0, 5.0);
        assertThat(grid.alphas()).containsExactly(0.1, 0.5);
        assertThat(grid.scratchAccuracy()).isEqualTo(0.89);

        SweepGrid.Cell t1a01 = grid.cells().get(0).get(0);
        assertThat(t1a01.label()).isEqualTo("T1-a0.1");
        assertThat(t1a01.seeds()).isEqualTo(2);
        assertThat(t1a01.meanAccuracy()).isCloseTo(0.91, within(1e-12));
        assertThat(t1a01.deltaVsScratch()).isCloseTo(2.0, within(1e-9));

        SweepGrid.Cell t1a05 = grid.cells().get(0).get(1);
        assertThat(t1a05.temperature()).isEqualTo(1.0);
        assertThat(t1a05.alpha()).isEqualTo(0.5);
        assertThat(t1a05.meanAccuracy()).isEqualTo(0.93);

        assertThat(grid.cells().get(1).get(0).label()).isEqualTo("odd-name");
        assertThat(grid.cells().get(1).get(0).meanAccuracy()).isEqualTo(0.95);
        assertThat(grid.cells().get(1).get(1)).isNull();

        double[] range = grid.range();
        assertThat(range[0]).isCloseTo(0.91, within(1e-12));
        assertThat(range[1]).isEqualTo(0.95);
    }

    @Test
    void oneTemperatureAndOneAlphaIsNoSweep() {
        ComparisonView standard =
                new ComparisonView(
                        "std",
                        "run-1",
                        true,
                        List.of(
                                teacherRow("teacher-e3", 0.99),
                                studentRow("hinton", "std-hinton", "hinton", 0.1, 10.0, 0.97),
                                studentRow("hinton2", "std-hinton2", "hinton", 0.1, 10.0, 0.96),
                                studentRow("scratch", "std-scratch", "none", null, null, 0.95)),
                        T0);

        assertThat(SweepGrid.of(standard, Map.of())).isEmpty();
    }

    @Test
    void withoutScratchTheDeltaIsUnknown() {
        ComparisonView c =
                new ComparisonView(
                        "a",
                        "run-1",
                        false,
                        List.of(
                                studentRow("T2-a0.1", "a-T2-a0.1", "hinton", 0.1, 2.0, 0.9),
                                studentRow("T2-a0.9", "a-T2-a0.9", "hinton", 0.9, 2.0, 0.8)),
                        T0);

        SweepGrid grid = SweepGrid.of(c, Map.of()).orElseThrow();

        assertThat(grid.temperatures()).containsExactly(2.0);
        assertThat(grid.alphas()).containsExactly(0.1, 0.9);
        assertThat(grid.scratchAccuracy()).isNull();
        assertThat(grid.cells().get(0).get(1).label()).isEqualTo("T2-a0.9");
        assertThat(grid.cells().get(0).get(1).deltaVsScratch()).isNull();
    }
}
