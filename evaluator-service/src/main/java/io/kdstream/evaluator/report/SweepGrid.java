package io.kdstream.evaluator.report;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A comparison's distilled students laid out as temperature x alpha, the shape of the
 * temperature-sweep preset ({@code T<T>-a<alpha>}): each cell the mean test accuracy of the
 * students trained with that pair, over their seeds, beside the scratch baseline. Read as a heat
 * map, it shows at a glance where distillation pays, which a list of fifteen rows does not.
 *
 * <p>The pairs come from the rows' temperature and alpha, which are the jobs' own, not from the
 * labels: a label is free text and a repeated student's carries a seed suffix.
 *
 * @param lossMode the distillation loss of the students in the grid
 * @param temperatures the temperatures, ascending: the grid's rows
 * @param alphas the alphas, ascending: the grid's columns
 * @param cells one list per temperature, one cell per alpha; {@code null} where no student has the
 *     pair
 * @param scratchAccuracy mean test accuracy of the scratch students, or {@code null} without one
 */
public record SweepGrid(
        String lossMode,
        List<Double> temperatures,
        List<Double> alphas,
        List<List<Cell>> cells,
        Double scratchAccuracy) {

    /** Copies the lists; a row may hold {@code null} cells. */
    public SweepGrid {
        temperatures = List.copyOf(temperatures);
        alphas = List.copyOf(alphas);
        cells = cells.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
    }

    /**
     * The students of one temperature and alpha.
     *
     * @param temperature the temperature
     * @param alpha the alpha
     * @param label the student's group name, e.g. {@code T2-a0.5}
     * @param seeds evaluated students (seeds) averaged
     * @param meanAccuracy their mean test accuracy at their latest evaluated epoch, the final one
     *     once the comparison is complete
     * @param deltaVsScratch that minus the scratch accuracy, percentage points, or {@code null}
     */
    public record Cell(
            double temperature,
            double alpha,
            String label,
            int seeds,
            double meanAccuracy,
            Double deltaVsScratch) {}

    /**
     * Lays out a comparison as a sweep.
     *
     * <p>When students distil with several losses, the grid takes the most common one: averaging
     * hinton and tutorial students into one cell would mix two experiments.
     *
     * @param comparison the comparison
     * @param jobs the experiment's jobs by id, for their group names; a row whose job is missing is
     *     named by its label
     * @return the grid, or empty when the distilled students share a single temperature and alpha
     */
    public static Optional<SweepGrid> of(ComparisonView comparison, Map<String, JobSpec> jobs) {
        List<ComparisonView.Row> students =
                comparison.rows().stream().filter(r -> r.role() == ModelRole.STUDENT).toList();
        List<ComparisonView.Row> distilled =
                students.stream()
                        .filter(r -> r.temperature() != null && r.alpha() != null)
                        .filter(r -> !JobSpec.SCRATCH_LOSS.equalsIgnoreCase(r.lossMode()))
                        .toList();
        if (distilled.isEmpty()) {
            return Optional.empty();
        }
        String loss =
                distilled.stream()
                        .collect(
                                Collectors.groupingBy(
                                        ComparisonView.Row::lossMode,
                                        LinkedHashMap::new,
                                        Collectors.counting()))
                        .entrySet()
                        .stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
        List<ComparisonView.Row> rows =
                distilled.stream().filter(r -> r.lossMode().equals(loss)).toList();
        TreeSet<Double> temperatures = new TreeSet<>();
        TreeSet<Double> alphas = new TreeSet<>();
        rows.forEach(
                r -> {
                    temperatures.add(r.temperature());
                    alphas.add(r.alpha());
                });
        if (temperatures.size() < 2 && alphas.size() < 2) {
            return Optional.empty();
        }
        Double scratch =
                mean(
                        students.stream()
                                .filter(r -> JobSpec.SCRATCH_LOSS.equalsIgnoreCase(r.lossMode()))
                                .toList());
        Function<ComparisonView.Row, String> name =
                r -> {
                    JobSpec job = r.jobId() == null ? null : jobs.get(r.jobId());
                    return job == null ? r.label() : job.groupName();
                };
        List<List<Cell>> cells = new ArrayList<>();
        for (double t : temperatures) {
            List<Cell> line = new ArrayList<>();
            for (double a : alphas) {
                List<ComparisonView.Row> pair =
                        rows.stream()
                                .filter(r -> r.temperature() == t && r.alpha() == a)
                                .sorted(Comparator.comparing(ComparisonView.Row::label))
                                .toList();
                if (pair.isEmpty()) {
                    line.add(null);
                    continue;
                }
                double mean = mean(pair);
                line.add(
                        new Cell(
                                t,
                                a,
                                name.apply(pair.get(0)),
                                pair.size(),
                                mean,
                                scratch == null ? null : (mean - scratch) * 100));
            }
            cells.add(line);
        }
        return Optional.of(
                new SweepGrid(
                        loss, List.copyOf(temperatures), List.copyOf(alphas), cells, scratch));
    }

    /**
     * Returns the lowest and highest cell accuracy, the heat map's colour scale.
     *
     * @return {min, max}
     */
    public double[] range() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Cell> line : cells) {
            for (Cell c : line) {
                if (c != null) {
                    min = Math.min(min, c.meanAccuracy());
                    max = Math.max(max, c.meanAccuracy());
                }
            }
        }
        return new double[] {min, max};
    }

    private static Double mean(List<ComparisonView.Row> rows) {
        return rows.isEmpty()
                ? null
                : rows.stream().mapToDouble(ComparisonView.Row::accuracy).average().orElseThrow();
    }
}
