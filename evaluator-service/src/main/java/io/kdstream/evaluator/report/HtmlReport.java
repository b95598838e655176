package io.kdstream.evaluator.report;

import static io.kdstream.evaluator.report.Markup.escape;

import io.kdstream.evaluator.evaluation.ComparisonTable;

/**
 * Renders a {@link Report} as one self-contained HTML file: the style is inline and the plots are
 * inline SVG, with no script and no link to fetch, so the file can be attached to a ticket or
 * archived with a paper and still open as it did.
 */
public final class HtmlReport {

    private static final String STYLE =
            """
            body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #1d2430; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border-bottom: 1px solid #dde3ec; padding: 0.25em 0.6em; text-align: left; white-space: nowrap; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .notice { background: #fff4d6; border: 1px solid #d98f00; padding: 0.5em 1em; }
            .muted { color: #5b6577; }
            pre { background: #f4f6fa; padding: 1em; overflow-x: auto; }
            """;

    private HtmlReport() {}

    /**
     * Renders a report.
     *
     * @param report the report
     * @return the HTML document
     */
    public static String render(Report report) {
        var c = report.comparison();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>kd-stream experiment ")
                .append(escape(c.experimentId()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>kd-stream experiment ").append(escape(c.experimentId())).append("</h1>\n");
        html.append("<p>Teacher run <code>")
                .append(escape(c.teacherRunId()))
                .append("</code> · comparison ")
                .append(c.complete() ? "complete" : "in progress")
                .append(" · updated ")
                .append(escape(c.updatedAt().toString()))
                .append("</p>\n");
        if (!c.complete()) {
            html.append(
                    "<p class=\"notice\"><strong>In progress:</strong> some jobs have not reached"
                            + " their final evaluated epoch; the figures below will change.</p>\n");
        }
        html.append("<h2>Comparison</h2>\n");
        for (ComparisonTable.Section section : ComparisonTable.sections(c)) {
            if (section.caption() != null) {
                html.append("<p>").append(escape(section.caption())).append("</p>\n");
            }
            table(html, section);
        }
        html.append("<h2>Test accuracy per epoch</h2>\n")
                .append(inline(SvgCharts.curves(report.curves())));
        if (report.sweep() != null) {
            html.append("<h2>Temperature sweep</h2>\n")
                    .append(
                            "<p>Mean test accuracy of the students of each temperature and alpha,"
                                    + " over their seeds.</p>\n")
                    .append(inline(SvgCharts.heatMap(report.sweep())));
        }
        html.append("<h2>Job specs</h2>\n<p>The student jobs exactly as submitted.</p>\n")
                .append("<pre><code class=\"language-json\">")
                .append(escape(report.jobSpecsJson()))
                .append("</code></pre>\n");
        html.append("<p class=\"muted\">Generated at ")
                .append(escape(report.generatedAt().toString()))
                .append(" by <code>")
                .append(escape(report.source()))
                .append("</code>.</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void table(StringBuilder html, ComparisonTable.Section section) {
        html.append("<table>\n<thead><tr>");
        for (int i = 0; i < section.headers().length; i++) {
            html.append(section.numeric()[i] ? "<th class=\"num\">" : "<th>")
                    .append(escape(section.headers()[i]))
                    .append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (String[] line : section.lines()) {
            html.append("<tr>");
            for (int i = 0; i < line.length; i++) {
                html.append(section.numeric()[i] ? "<td class=\"num\">" : "<td>")
                        .append(escape(line[i]))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** A standalone SVG as an HTML5 element, which needs no namespace declaration. */
    private static String inline(String svg) {
        return svg.replace(SvgCharts.XMLNS, "");
    }
}
