package io.kdstream.evaluator.report;

import io.kdstream.evaluator.domain.ComparisonView;
import java.time.Instant;

/**
 * Everything a downloadable report of one experiment shows, gathered once so that the HTML and the
 * Markdown report say the same.
 *
 * @param comparison the experiment's latest comparison, complete or not
 * @param curves per-epoch test accuracy of the teacher and of each student group over its seeds
 * @param sweep the temperature x alpha grid, or {@code null} when the experiment is not a sweep
 * @param jobSpecsJson the experiment's student jobs exactly as submitted, as pretty-printed JSON,
 *     so that a reader can train them again
 * @param generatedAt when the report was made
 * @param source the request that produced it, e.g. {@code GET /api/comparisons/exp-1/report.html}
 */
public record Report(
        ComparisonView comparison,
        SeedBands curves,
        SweepGrid sweep,
        String jobSpecsJson,
        Instant generatedAt,
        String source) {

    /**
     * Returns the name a downloaded report is saved under.
     *
     * @param extension {@code html} or {@code md}
     * @return for example {@code kd-stream-exp-1.html}, with characters unfit for a file name
     *     replaced by {@code _}
     */
    public String fileName(String extension) {
        return "kd-stream-"
                + comparison.experimentId().replaceAll("[^A-Za-z0-9_.-]", "_")
                + "."
                + extension;
    }
}
