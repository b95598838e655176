package io.kdstream.evaluator.rest;

import io.kdstream.evaluator.evaluation.ExperimentService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One text line per teacher work, experiment and job, for the run script's progress display. */
@Path("/api/status")
public class StatusResource {

    private final ExperimentService experiments;

    public StatusResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String status() {
        return experiments.status();
    }
}
