package io.kdstream.evaluator.report;

import io.kdstream.evaluator.evaluation.ComparisonTable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Renders a {@link Report} as one Markdown file: GitHub-flavoured tables, the job specs in a {@code
 * json} code block, and the plots embedded as base64 SVG data URIs ({@code
 * ![..](data:image/svg+xml;base64,...)}) so that the file stands alone.
 *
 * <p>Data URIs show in most Markdown viewers and in pandoc's output, but GitHub's renderer drops
 * them: to show the plots on GitHub, attach the HTML report or save the SVGs next to the file.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    /**
     * Renders a report.
     *
     * @param report the report
     * @return the Markdown text
     */
    public static String render(Report report) {
        var c = report.comparison();
        StringBuilder md = new StringBuilder();
        md.append("# kd-stream experiment ").append(text(c.experimentId())).append("\n\n");
        md.append("Teacher run `")
                .append(c.teacherRunId().replace("`", ""))
                .append("` · comparison ")
                .append(c.complete() ? "complete" : "in progress")
                .append(" · updated ")
                .append(c.updatedAt())
                .append("\n\n");
        if (!c.complete()) {
            md.append(
                    "> **In progress:** some jobs have not reached their final evaluated epoch;"
                            + " the figures below will change.\n\n");
        }
        md.append("## Comparison\n\n");
        for (ComparisonTable.Section section : ComparisonTable.sections(c)) {
            if (section.caption() != null) {
                md.append(text(section.caption())).append("\n\n");
            }
            table(md, section);
        }
        md.append("## Test accuracy per epoch\n\n")
                .append(image("test accuracy per epoch", SvgCharts.curves(report.curves())));
        if (report.sweep() != null) {
            md.append("## Temperature sweep\n\n")
                    .append(
                            "Mean test accuracy of the students of each temperature and alpha,"
                                    + " over their seeds.\n\n")
                    .append(image("accuracy heat map", SvgCharts.heatMap(report.sweep())));
        }
        String fence = "```";
        while (report.jobSpecsJson().contains(fence)) {
            fence += "`";
        }
        md.append("## Job specs\n\nThe student jobs exactly as submitted.\n\n")
                .append(fence)
                .append("json\n")
                .append(report.jobSpecsJson().strip())
                .append('\n')
                .append(fence)
                .append("\n\n");
        md.append("Generated at ")
                .append(report.generatedAt())
                .append(" by `")
                .append(report.source().replace("`", ""))
                .append("`.\n");
        return md.toString();
    }

    private static void table(StringBuilder md, ComparisonTable.Section section) {
        md.append('|');
        for (String h : section.headers()) {
            md.append(' ').append(h.isEmpty() ? " " : text(h)).append(" |");
        }
        md.append("\n|");
        for (boolean numeric : section.numeric()) {
            md.append(numeric ? " ---: |" : " --- |");
        }
        md.append('\n');
        for (String[] line : section.lines()) {
            md.append('|');
            for (String cell : line) {
                md.append(' ').append(text(cell)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String image(String alt, String svg) {
        return "!["
                + alt
                + "](data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8))
                + ")\n\n";
    }

    /**
     * Escapes free text for a Markdown table cell or paragraph: {@code <}, {@code >} and {@code &}
     * as entities, so no label becomes HTML, and Markdown's own characters and the cell separator
     * with a backslash. Quotes stay as they are, for a file that reads well as plain text too.
     */
    static String text(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '|' -> out.append('\\').append(ch);
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
