package io.kdstream.evaluator.rest;

import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.evaluator.domain.MisclassifiedDigits;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.evaluation.CheckpointEvaluator;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import io.kdstream.evaluator.evaluation.Misclassified;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Every evaluation the evaluator knows, with per-class accuracy and confusion matrix. */
@Path("/api/evaluations")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    /** The most misclassified digits one request returns. */
    static final int MAX_DIGITS = 100;

    private final EvaluatorState state;
    private final CheckpointEvaluator evaluator;

    public EvaluationResource(EvaluatorState state, CheckpointEvaluator evaluator) {
        this.state = state;
        this.evaluator = evaluator;
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

    /**
     * Returns test images a model classified wrong, with true and predicted labels and the 28x28
     * pixels. Known for the models this evaluator process evaluated itself: it keeps their
     * predictions, not those of evaluations read back from the topic.
     *
     * @param modelId the model
     * @param limit the most images to return, 1 to 100
     * @return 200 with the first misclassified images in test-set order, 400 for a bad limit, 404
     *     when the model's predictions are unknown here
     */
    @GET
    @Path("/{modelId}/misclassified")
    public Response misclassified(
            @PathParam("modelId") String modelId,
            @QueryParam("limit") @DefaultValue("12") int limit) {
        if (limit < 1 || limit > MAX_DIGITS) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "limit must be in 1.." + MAX_DIGITS + ", got " + limit))
                    .build();
        }
        byte[] predictions = state.predictions(modelId);
        if (predictions == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(
                            Map.of(
                                    "error",
                                    "the predictions of model '"
                                            + modelId
                                            + "' are unknown to"
                                            + " this evaluator: it did not evaluate that checkpoint since it started"))
                    .build();
        }
        MnistSplit test = evaluator.testSet();
        return Response.ok(
                        new MisclassifiedDigits(
                                modelId,
                                Misclassified.errors(predictions, test.labels()),
                                Preprocessing.SRC,
                                Preprocessing.SRC,
                                Misclassified.first(
                                        predictions,
                                        test.labels(),
                                        test.rawImages(),
                                        Preprocessing.SRC_PIXELS,
                                        limit)))
                .build();
    }
}
