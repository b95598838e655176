package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Every evaluation the evaluator knows, with per-class accuracy and confusion matrix. */
@Path("/api/evaluations")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    private final EvaluatorState state;

    public EvaluationResource(EvaluatorState state) {
        this.state = state;
    }

    @GET
    public List<ModelEvaluation> list() {
        return state.evaluations();
    }

    @GET
    @Path("/{modelId}")
    public Response get(@PathParam("modelId") String modelId) {
        ModelEvaluation e = state.evaluation(modelId);
        return e == null ? NotFound.response("model", modelId) : Response.ok(e).build();
    }
}
