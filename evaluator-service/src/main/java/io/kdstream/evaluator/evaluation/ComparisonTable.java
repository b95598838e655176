package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.ComparisonView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a comparison as an aligned text table, the one the one-command run prints at the end. */
public final class ComparisonTable {

    private static final String[] HEADERS = {
        "model",
        "loss",
        "alpha",
        "T",
        "epoch",
        "accuracy",
        "errors",
        "vs teacher",
        "vs scratch",
        "params",
        "compression",
        "agreement"
    };

    /** Columns whose values are numbers, right-aligned. */
    private static final boolean[] NUMERIC = {
        false, false, true, true, true, true, true, true, true, true, true, true
    };

    private static final String[] GROUP_HEADERS = {
        "student", "loss", "seeds", "accuracy", "vs scratch", "95% CI", ""
    };

    private static final boolean[] GROUP_NUMERIC = {false, false, true, true, true, true, false};

    private static final String[] OMITTED_HEADERS = {
        "student", "digit", "as trained", "bias tuned", "bias", "all digits, bias tuned"
    };

    private static final boolean[] OMITTED_NUMERIC = {false, true, true, true, true, true};

    private ComparisonTable() {}

    /**
     * Renders a comparison: a title line, a header, then one line per row.
     *
     * @param comparison the comparison
     * @return the table, lines ending with a newline
     */
    public static String render(ComparisonView comparison) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Experiment %s (teacher run %s): %s%n",
                        comparison.experimentId(),
                        comparison.teacherRunId(),
                        comparison.complete() ? "complete" : "in progress"));
        for (Section section : sections(comparison)) {
            if (section.caption() != null) {
                out.append(section.caption()).append('\n');
            }
            List<String[]> lines = new ArrayList<>();
            lines.add(section.headers());
            lines.addAll(section.lines());
            align(lines, section.numeric(), out);
        }
        return out.toString();
    }

    /**
     * One table of a comparison, as formatted text cells, so that every rendering of a comparison
     * (this terminal table, the HTML and Markdown reports) shows the same figures.
     *
     * @param caption what the table shows, or {@code null} for the rows' table
     * @param headers the column headers
     * @param numeric which columns hold numbers, to align right
     * @param lines the cells, one array per line
     */
    public record Section(
            String caption, String[] headers, boolean[] numeric, List<String[]> lines) {}

    /**
     * Returns the tables of a comparison: its rows, then the seed groups and their omitted class
     * when there are any.
     *
     * @param comparison the comparison
     * @return one to three sections
     */
    public static List<Section> sections(ComparisonView comparison) {
        List<Section> sections = new ArrayList<>();
        sections.add(
                new Section(
                        null,
                        HEADERS,
                        NUMERIC,
                        comparison.rows().stream().map(ComparisonTable::cells).toList()));
        if (!comparison.groups().isEmpty()) {
            sections.add(
                    new Section(
                            "Over seeds: mean +- sd of the final test accuracy; vs scratch with"
                                    + " Welch's 95% confidence interval",
                            GROUP_HEADERS,
                            GROUP_NUMERIC,
                            comparison.groups().stream().map(ComparisonTable::cells).toList()));
        }
        List<String[]> omitted =
                comparison.groups().stream()
                        .filter(g -> g.omittedClass() != null)
                        .map(g -> cells(g.label(), g.omittedClass()))
                        .toList();
        if (!omitted.isEmpty()) {
            sections.add(
                    new Section(
                            "The omitted digit, mean +- sd over seeds: test accuracy on it as"
                                    + " trained, and with its bias tuned on the held-out training"
                                    + " slice",
                            OMITTED_HEADERS,
                            OMITTED_NUMERIC,
                            omitted));
        }
        return sections;
    }

    private static String[] cells(String label, ComparisonView.OmittedClassSummary o) {
        return new String[] {
            label,
            Integer.toString(o.omittedClass()),
            meanSd(o.classAccuracy(), o.classAccuracySd()),
            meanSd(o.adjustedClassAccuracy(), o.adjustedClassAccuracySd()),
            format("%+.2f", o.bias()),
            format("%.2f%%", o.adjustedAccuracy() * 100)
        };
    }

    private static String meanSd(double mean, Double sd) {
        return format("%.2f%%", mean * 100) + (sd == null ? "" : format(" +- %.2f", sd * 100));
    }

    /** Appends the lines as columns: each as wide as its widest cell, numbers right-aligned. */
    private static void align(List<String[]> lines, boolean[] numeric, StringBuilder out) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) {
                    text.append("  ");
                }
                String pad = " ".repeat(widths[c] - line[c].length());
                text.append(numeric[c] ? pad + line[c] : line[c] + pad);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
    }

    private static String[] cells(ComparisonView.Group g) {
        return new String[] {
            g.label(),
            g.lossMode(),
            g.evaluated() + "/" + g.seeds(),
            g.meanAccuracy() == null ? "-" : meanSd(g.meanAccuracy(), g.sdAccuracy()),
            g.deltaVsScratch() == null ? "-" : format("%+.2f pp", g.deltaVsScratch()),
            g.ciLow() == null
                    ? "-"
                    : format("[%+.2f, ", g.ciLow()) + format("%+.2f] pp", g.ciHigh()),
            g.significant() == null ? "" : g.significant() ? "significant" : "not significant"
        };
    }

    private static String[] cells(ComparisonView.Row row) {
        return new String[] {
            row.label(),
            row.lossMode(),
            row.alpha() == null ? "-" : format("%.2f", row.alpha()),
            row.temperature() == null ? "-" : format("%.1f", row.temperature()),
            row.epoch() + "/" + row.epochs(),
            format("%.2f%%", row.accuracy() * 100),
            String.valueOf(row.errors()),
            format("%+.2f pp", row.deltaVsTeacher()),
            row.deltaVsScratch() == null ? "-" : format("%+.2f pp", row.deltaVsScratch()),
            format("%,d", row.parameterCount()),
            format("%.2fx", row.compressionRatio()),
            row.teacherAgreement() == null ? "-" : format("%.2f%%", row.teacherAgreement() * 100)
        };
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
