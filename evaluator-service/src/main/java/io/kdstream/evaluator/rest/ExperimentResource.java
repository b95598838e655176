package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentView;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Experiments: submit one, list them, or look at one with its jobs' progress. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /**
     * Validates and submits an experiment.
     *
     * @param request the teacher run and the students
     * @return 202 with the experiment and job ids, or 400 listing every invalid field
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(ExperimentRequest request) {
        return experiments
                .submit(request)
                .map(
                        s ->
                                Response.accepted(s)
                                        .location(
                                                URI.create("/api/experiments/" + s.experimentId()))
                                        .build());
    }

    @GET
    public List<ExperimentView> list() {
        return experiments.experiments();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return experiments
                .experiment(id)
                .map(x -> Response.ok(x).build())
                .orElseGet(() -> NotFound.response("experiment", id));
    }
}
