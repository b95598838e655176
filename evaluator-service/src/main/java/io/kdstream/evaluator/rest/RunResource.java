package io.kdstream.evaluator.rest;

import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.run.RunManifest;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What the dashboard lists besides experiments: teacher runs, the progress of all work, and the
 * architectures a student can have.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final EvaluatorState state;

    public RunResource(EvaluatorState state) {
        this.state = state;
    }

    /** The latest manifest of every teacher run seen on the teacher-runs topic. */
    @GET
    @Path("/runs")
    public List<RunManifest> runs() {
        return state.runs();
    }

    /** The latest progress of every teacher training, teacher stream and student job. */
    @GET
    @Path("/progress")
    public List<JobProgress> progress() {
        return state.allProgress();
    }

    /** The registry names of the architectures, for the experiment form. */
    @GET
    @Path("/architectures")
    public List<String> architectures() {
        return ArchitectureRegistry.names().stream().sorted().toList();
    }
}
