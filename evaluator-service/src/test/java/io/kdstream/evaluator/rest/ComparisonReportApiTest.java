package io.kdstream.evaluator.rest;

import static io.kdstream.evaluator.report.ReportFixtures.T0;
import static io.kdstream.evaluator.report.ReportFixtures.evaluation;
import static io.kdstream.evaluator.report.ReportFixtures.job;
import static io.kdstream.evaluator.report.ReportFixtures.studentRow;
import static io.kdstream.evaluator.report.ReportFixtures.teacherRow;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import io.kdstream.evaluator.report.ReportFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report endpoints over REST, on state put straight into {@link EvaluatorState}: a standard
 * experiment repeated over seeds, still in progress, and a sweep.
 */
@QuarkusTest
class ComparisonReportApiTest {

    private static final String STANDARD = "report-api-std";
    private static final String SWEEP = "report-api-sweep";

    @Inject EvaluatorState state;

    @BeforeEach
    void putExperiments() {
        state.putJob(job(STANDARD, "hinton-s7", "hinton", "hinton", 10, 0.1, 7, 1));
        state.putJob(job(STANDARD, "hinton-s8", "hinton", "hinton", 10, 0.1, 8, 2));
        state.putJob(job(STANDARD, "scratch", null, "none", 10, 0.1, 7, 3));
        state.putEvaluation(evaluation(ModelRole.TEACHER, "report-api-teacher", 1, 0.985, 1));
        state.putEvaluation(evaluation(ModelRole.TEACHER, "report-api-teacher", 2, 0.99, 2));
        state.putEvaluation(evaluation(ModelRole.STUDENT, STANDARD + "-hinton-s7", 1, 0.90, 3));
        state.putEvaluation(evaluation(ModelRole.STUDENT, STANDARD + "-hinton-s8", 1, 0.94, 3));
        state.putEvaluation(evaluation(ModelRole.STUDENT, STANDARD + "-scratch", 1, 0.88, 3));
        state.putComparison(
                new ComparisonView(
                        STANDARD,
                        "run-1",
                        false,
                        List.of(
                                teacherRow("report-api-teacher-e2", 0.99),
                                studentRow(
                                        "hinton-s7",
                                        STANDARD + "-hinton-s7",
                                        "hinton",
                                        0.1,
                                        10.0,
                                        0.90),
                                studentRow(
                                        "hinton-s8",
                                        STANDARD + "-hinton-s8",
                                        "hinton",
                                        0.1,
                                        10.0,
                                        0.94),
                                studentRow(
                                        "scratch",
                                        STANDARD + "-scratch",
                                        "none",
                                        null,
                                        null,
                                        0.88)),
                        T0));
        ReportFixtures.jobs(SWEEP).values().forEach(state::putJob);
        state.putComparison(ReportFixtures.sweep(SWEEP));
    }

    @Test
    void htmlReportIsADownloadEvenInProgress() {
        String html =
                given().get("/api/comparisons/{id}/report.html", STANDARD)
                        .then()
                        .statusCode(200)
                        .contentType("text/html")
                        .header(
                                "Content-Disposition",
                                is("attachment; filename=\"kd-stream-" + STANDARD + ".html\""))
                        .extract()
                        .asString();

        assertThat(html).contains("kd-stream experiment " + STANDARD, "In progress");
        assertThat(html).contains("<td>hinton-s7</td>", "94.00%", "class=\"band\"");
        // the job specs as the evaluator's JSON writes them
        assertThat(html)
                .contains(
                        "&quot;jobId&quot; : &quot;" + STANDARD + "-hinton-s8&quot;",
                        "&quot;seed&quot; : 8",
                        "&quot;temperature&quot; : 10.0",
                        "&quot;labelFraction&quot; : 1.0",
                        "GET /api/comparisons/" + STANDARD + "/report.html");
        assertThat(html).doesNotContain("<script").doesNotContain("http://");
    }

    @Test
    void markdownReportWithTheSweep() {
        String md =
                given().get("/api/comparisons/{id}/report.md", SWEEP)
                        .then()
                        .statusCode(200)
                        .contentType("text/markdown")
                        .header(
                                "Content-Disposition",
                                is("attachment; filename=\"kd-stream-" + SWEEP + ".md\""))
                        .extract()
                        .asString();

        assertThat(md).contains("| model | loss |", "## Temperature sweep", "```json");
        assertThat(md).contains("\"jobId\" : \"" + SWEEP + "-odd-name\"");
    }

    @Test
    void sweepAsJson() {
        given().get("/api/comparisons/{id}/sweep", SWEEP)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("temperatures", contains(1.0f, 5.0f))
                .body("alphas", contains(0.1f, 0.5f))
                .body("scratchAccuracy", is(0.89f))
                .body("cells[0][0].label", is("T1-a0.1"))
                .body("cells[0][0].seeds", is(2))
                .body("cells[1][1]", nullValue());
    }

    @Test
    void curvesAsJson() {
        given().get("/api/comparisons/{id}/curves", STANDARD)
                .then()
                .statusCode(200)
                .body("teacher.epoch", contains(1, 2))
                .body("groups.label", contains("hinton", "scratch"))
                .body("groups[0].seeds", is(2))
                .body("groups[0].points[0].n", is(2))
                .body("groups[0].points[0].min", is(0.9f))
                .body("groups[0].points[0].max", is(0.94f));
    }

    @Test
    void unknownExperimentsAndNonSweeps() {
        for (String path : List.of("report.html", "report.md", "sweep", "curves")) {
            given().get("/api/comparisons/nobody/" + path)
                    .then()
                    .statusCode(404)
                    .contentType("application/json")
                    .body("error", org.hamcrest.Matchers.startsWith("unknown "));
        }
        given().get("/api/comparisons/{id}/sweep", STANDARD)
                .then()
                .statusCode(404)
                .body(
                        "error",
                        is(
                                "experiment '"
                                        + STANDARD
                                        + "' is not a sweep: its distilled students share one"
                                        + " temperature and one alpha"));
    }
}
