package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentView;
import io.kdstream.evaluator.domain.PresetInfo;
import io.kdstream.evaluator.domain.PresetRequest;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.kdstream.evaluator.evaluation.Presets;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

/**
 * Experiments: submit one, list them, or look at one with its jobs' progress. Submitting needs HTTP
 * Basic as an operator (401 without, 403 with another role) and Content-Type application/json;
 * reads are open.
 */
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
    @RolesAllowed("operator")
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

    /**
     * Lists the presets: experiments where distillation is known to matter, runnable by name.
     *
     * @return each preset's name, description and defaults
     */
    @GET
    @Path("/presets")
    public List<PresetInfo> presets() {
        return experiments.presets();
    }

    /**
     * Runs a preset on a teacher run.
     *
     * @param name the preset's name
     * @param request the teacher run and any setting that differs from the defaults
     * @return 202 with every submitted experiment, 400 listing invalid fields, or 404 for an
     *     unknown preset
     */
    @POST
    @Path("/presets/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Uni<Response> runPreset(@PathParam("name") String name, PresetRequest request) {
        return Presets.named(name)
                .map(
                        p ->
                                experiments
                                        .submitPreset(p, request)
                                        .map(s -> Response.accepted(s).build()))
                .orElseGet(() -> Uni.createFrom().item(NotFound.response("preset", name)));
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
