package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.evaluation.ComparisonTable;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The latest comparison of each experiment, as JSON or as the printed table. */
@Path("/api/comparisons")
public class ComparisonResource {

    private final EvaluatorState state;

    public ComparisonResource(EvaluatorState state) {
        this.state = state;
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
}
