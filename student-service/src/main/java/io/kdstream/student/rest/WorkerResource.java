package io.kdstream.student.rest;

import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.WorkerStatus;
import io.kdstream.student.training.JobControl;
import io.kdstream.student.training.JobEvents;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What this worker does: its name, its slots and the jobs it trains. */
@Path("/api/worker")
public class WorkerResource {

    private final JobControl control;
    private final JobEvents publisher;
    private final int slots;

    WorkerResource(JobControl control, JobEvents publisher, StudentConfig config) {
        this.control = control;
        this.publisher = publisher;
        this.slots = config.student().slots();
    }

    /**
     * Describes the worker.
     *
     * @return the worker's status
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WorkerStatus status() {
        return control.status(publisher.worker(), slots);
    }
}
