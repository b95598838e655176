package io.kdstream.evaluator.report;

import static io.kdstream.evaluator.report.ReportFixtures.T0;
import static io.kdstream.evaluator.report.ReportFixtures.studentRow;
import static io.kdstream.evaluator.report.ReportFixtures.teacherRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.kdstream.evaluator.domain.ComparisonView;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {

    private static final String ODD = "a<b&c>";

    private static final String SPECS =
            """
            [ {
              "jobId" : "exp-r-a<b&c>",
              "lossMode" : "hinton",
              "temperature" : 2.0,
              "alpha" : 0.5
            } ]""";

    static Report report(boolean complete, SweepGrid sweep) {
        ComparisonView c =
                new ComparisonView(
                        "exp-r",
                        "run-1",
                        complete,
                        List.of(
                                teacherRow("teacher-e3", 0.99),
                                studentRow(ODD, "exp-r-" + ODD, "hinton", 0.5, 2.0, 0.9712),
                                studentRow("scratch", "exp-r-scratch", "none", null, null, 0.965)),
                        T0,
                        List.of(
                                new ComparisonView.Group(
                                        ODD,
                                        "hinton",
                                        3,
                                        3,
                                        0.9712,
                                        0.0021,
                                        0.62,
                                        -0.41,
                                        1.65,
                                        false,
                                        new ComparisonView.OmittedClassSummary(
                                                3, 0.42, 0.05, 0.81, 0.04, 0.975, 2.5)),
                                new ComparisonView.Group(
                                        "scratch", "none", 3, 3, 0.965, 0.003, null, null, null,
                                        null, null)));
        SeedBands bands =
                new SeedBands(
                        List.of(new SeedBands.Point(1, 0.98), new SeedBands.Point(2, 0.99)),
                        List.of(
                                new SeedBands.Band(
                                        ODD,
                                        "hinton",
                                        3,
                                        List.of(
                                                new SeedBands.BandPoint(1, 3, 0.95, 0.94, 0.96),
                                                new SeedBands.BandPoint(2, 3, 0.97, 0.96, 0.98))),
                                new SeedBands.Band(
                                        "scratch",
                                        "none",
                                        1,
                                        List.of(new SeedBands.BandPoint(1, 1, 0.9, 0.9, 0.9)))));
        return new Report(
                c,
                bands,
                sweep,
                SPECS,
                T0.plusSeconds(60),
                "GET /api/comparisons/exp-r/report.html");
    }

    static SweepGrid grid() {
        return SweepGrid.of(ReportFixtures.sweep("sw"), ReportFixtures.jobs("sw")).orElseThrow();
    }

    @Test
    void htmlIsSelfContainedAndCarriesTheFigures() {
        String html = HtmlReport.render(report(true, grid()));

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("url(");
        // the rows, with the terminal table's formats
        assertThat(html).contains("<td>teacher</td>", "<td>scratch</td>", "97.12%", "99.00%");
        // the seed group, its Welch interval and the verdict
        assertThat(html)
                .contains("97.12% +- 0.21", "+0.62 pp", "[-0.41, +1.65] pp", "not significant");
        // the omitted class
        assertThat(html).contains("The omitted digit", "42.00% +- 5.00", "81.00% +- 4.00");
        // plots: the curves with a band, the heat map with its axes and values
        assertThat(html).contains("<svg", "class=\"band\"", "class=\"teacher\"");
        assertThat(html).contains("Temperature sweep", ">alpha</text>", ">T</text>", "91.00%");
        // the job spec, and the free-text label escaped everywhere
        assertThat(html)
                .contains(
                        "&quot;temperature&quot; : 2.0",
                        "&quot;lossMode&quot; : &quot;hinton&quot;");
        assertThat(html).contains("a&lt;b&amp;c&gt;").doesNotContain(ODD);
        assertThat(html)
                .contains(
                        "Generated at 2026-01-01T00:01:00Z",
                        "GET /api/comparisons/exp-r/report.html");
        assertThat(html).doesNotContain("In progress");
    }

    @Test
    void anUnfinishedComparisonSaysSoAndANonSweepHasNoHeatMap() {
        String html = HtmlReport.render(report(false, null));

        assertThat(html).contains("In progress").doesNotContain("Temperature sweep");
        assertThat(MarkdownReport.render(report(false, null)))
                .contains("> **In progress:**")
                .doesNotContain("Temperature sweep");
    }

    @Test
    void markdownHasTablesEmbeddedPlotsAndTheSpecs() {
        String md = MarkdownReport.render(report(true, grid()));

        assertThat(md).contains("# kd-stream experiment exp-r");
        assertThat(md)
                .contains(
                        "| model | loss | alpha | T | epoch | accuracy |",
                        "| --- | --- | ---: | ---: |",
                        "| teacher | none | - | - | 3/3 | 99.00% |");
        assertThat(md).contains("| \\[-0.41, +1.65\\] pp | not significant |", "Welch's 95%");
        assertThat(md).contains("a&lt;b&amp;c&gt;");
        assertThat(md).contains("```json\n" + SPECS + "\n```");
        Matcher images =
                Pattern.compile("!\\[[^]]*]\\(data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\\)")
                        .matcher(md);
        int count = 0;
        while (images.find()) {
            String svg =
                    new String(Base64.getDecoder().decode(images.group(1)), StandardCharsets.UTF_8);
            assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
            assertWellFormed(svg);
            count++;
        }
        assertThat(count).as("the curves and the heat map").isEqualTo(2);
    }

    @Test
    void svgWithOddLabelsIsWellFormedXml() {
        Report r = report(true, grid());
        String curves = SvgCharts.curves(r.curves());
        assertWellFormed(curves);
        assertThat(curves).contains("a&lt;b&amp;c&gt; (3 seeds, min..max)");
        assertWellFormed(SvgCharts.heatMap(r.sweep()));
        String empty = SvgCharts.curves(new SeedBands(List.of(), List.of()));
        assertWellFormed(empty);
        assertThat(empty).contains("No evaluations yet");
    }

    @Test
    void fileNameKeepsOnlySafeCharacters() {
        assertThat(report(true, null).fileName("html")).isEqualTo("kd-stream-exp-r.html");
    }

    private static void assertWellFormed(String svg) {
        assertThatCode(
                        () ->
                                DocumentBuilderFactory.newInstance()
                                        .newDocumentBuilder()
                                        .parse(
                                                new ByteArrayInputStream(
                                                        svg.getBytes(StandardCharsets.UTF_8))))
                .doesNotThrowAnyException();
    }
}
