package io.kdstream.evaluator.domain;

import java.util.List;

/**
 * A request to run a preset on a teacher run. Every field but the run is optional; a missing one
 * takes the preset's default ({@code GET /api/experiments/presets} lists them).
 *
 * @param teacherRunId a COMPLETE teacher run
 * @param repeats seeds per student, 1 to {@value ExperimentRequest#MAX_REPEATS}
 * @param seed the first seed
 * @param epochs epochs of every student
 * @param labelFractions few-labels: the label fractions, one experiment each
 * @param omittedClass transfer-without-class: the digit left out
 */
public record PresetRequest(
        String teacherRunId,
        Integer repeats,
        Long seed,
        Integer epochs,
        List<Double> labelFractions,
        Integer omittedClass) {}
