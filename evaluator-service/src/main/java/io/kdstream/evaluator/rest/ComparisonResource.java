package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.evaluation.ComparisonTable;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import io.kdstream.evaluator.report.HtmlReport;
import io.kdstream.evaluator.report.MarkdownReport;
import io.kdstream.evaluator.report.Report;
import io.kdstream.evaluator.report.ReportService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The latest comparison of each experiment: as JSON, as the printed table, as a downloadable HTML
 * or Markdown report, and the figures the dashboard plots (seed bands, sweep grid).
 */
@Path("/api/comparisons")
public class ComparisonResource {

    /** The Markdown media type (RFC 7763). */
    static final String TEXT_MARKDOWN = "text/markdown";

    private final EvaluatorState state;
    private final ReportService reports;

    public ComparisonResource(EvaluatorState state, ReportService reports) {
        this.state = state;
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ComparisonView> list() {
        return state.comparisons();
    }

    @GET
    @Path("/{experimentId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("experimentId") String experimentId) {
        ComparisonView c = state.comparison(experimentId);
        return c == null ? NotFound.response("comparison", experimentId) : Response.ok(c).build();
    }

    @GET
    @Path("/{experimentId}/table")
    @Produces(MediaType.TEXT_PLAIN)
    public Response table(@PathParam("experimentId") String experimentId) {
        ComparisonView c = state.comparison(experimentId);
        if (c == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity("no comparison for experiment '" + experimentId + "' yet\n")
                    .build();
        }
        return Response.ok(ComparisonTable.render(c)).build();
    }

    /**
     * Returns the experiment's report as one self-contained HTML file, as a download.
     *
     * @param experimentId the experiment
     * @return 200 with the report, also while the comparison is in progress; 404 without one
     */
    @GET
    @Path("/{experimentId}/report.html")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response htmlReport(@PathParam("experimentId") String experimentId) {
        return download(experimentId, "html", MediaType.TEXT_HTML, HtmlReport::render);
    }

    /**
     * Returns the experiment's report as Markdown with embedded plots, as a download.
     *
     * @param experimentId the experiment
     * @return 200 with the report, also while the comparison is in progress; 404 without one
     */
    @GET
    @Path("/{experimentId}/report.md")
    @Produces({TEXT_MARKDOWN, MediaType.APPLICATION_JSON})
    public Response markdownReport(@PathParam("experimentId") String experimentId) {
        return download(experimentId, "md", TEXT_MARKDOWN, MarkdownReport::render);
    }

    /**
     * Returns the test accuracy per epoch of the teacher and of each student group over its seeds
     * (mean, min, max).
     *
     * @param experimentId the experiment
     * @return 200 with the bands, 404 for an unknown experiment
     */
    @GET
    @Path("/{experimentId}/curves")
    @Produces(MediaType.APPLICATION_JSON)
    public Response curves(@PathParam("experimentId") String experimentId) {
        return reports.curves(experimentId)
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> NotFound.response("experiment", experimentId));
    }

    /**
     * Returns the comparison as a temperature x alpha grid of mean accuracy.
     *
     * @param experimentId the experiment
     * @return 200 with the grid; 404 without a comparison, or when its students share one
     *     temperature and one alpha
     */
    @GET
    @Path("/{experimentId}/sweep")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sweep(@PathParam("experimentId") String experimentId) {
        if (state.comparison(experimentId) == null) {
            return NotFound.response("comparison", experimentId);
        }
        return reports.sweep(experimentId)
                .map(g -> Response.ok(g).build())
                .orElseGet(
                        () ->
                                Response.status(Response.Status.NOT_FOUND)
                                        .type(MediaType.APPLICATION_JSON)
                                        .entity(
                                                Map.of(
                                                        "error",
                                                        "experiment '"
                                                                + experimentId
                                                                + "' is not a sweep: its distilled"
                                                                + " students share one temperature"
                                                                + " and one alpha"))
                                        .build());
    }

    private Response download(
            String experimentId,
            String extension,
            String mediaType,
            Function<Report, String> renderer) {
        String source = "GET /api/comparisons/" + experimentId + "/report." + extension;
        return reports.report(experimentId, source)
                .map(
                        r ->
                                Response.ok(renderer.apply(r), mediaType + ";charset=UTF-8")
                                        .header(
                                                "Content-Disposition",
                                                "attachment; filename=\""
                                                        + r.fileName(extension)
                                                        + "\"")
                                        .build())
                .orElseGet(() -> NotFound.response("comparison", experimentId));
    }
}
