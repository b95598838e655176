package io.kdstream.student.training;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.progress.ProgressUpdate.State;
import io.kdstream.student.domain.JobOutcome;
import io.kdstream.student.training.JobControl.RunningJob;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Runs one delivery of a student job on the calling thread: registers it with {@link JobControl},
 * gives up on a job that has used its deliveries, and otherwise hands it to {@link
 * StudentJobService}.
 *
 * <p>Whoever delivers jobs (the share-group queue, or a test) decides from the returned {@link
 * JobOutcome} how to acknowledge the delivery.
 */
@ApplicationScoped
public class StudentJobRunner {

    private final StudentJobService service;
    private final JobControl control;
    private final JobEvents publisher;

    StudentJobRunner(StudentJobService service, JobControl control, JobEvents publisher) {
        this.service = service;
        this.control = control;
        this.publisher = publisher;
    }

    /**
     * Runs a delivery of a job.
     *
     * @param job the job
     * @param attempt the delivery count (1 for the first delivery)
     * @param deliveryLimit the group's delivery limit; on the last delivery the job is not trained
     *     but ends FAILED, because every earlier delivery ended without a result
     * @param lockTimeout how long the broker keeps the job's lock without a renewal, or {@code
     *     null} when the job holds no lock
     * @param onStart called with the running job before it trains, on this thread (the queue
     *     registers it for lock renewals); may be {@code null}
     * @return how the delivery ended
     */
    public JobOutcome run(
            JobSpec job,
            int attempt,
            int deliveryLimit,
            Duration lockTimeout,
            java.util.function.Consumer<RunningJob> onStart) {
        var handle = control.begin(job.jobId(), attempt, lockTimeout);
        if (handle.isEmpty()) {
            return JobOutcome.SKIPPED;
        }
        try {
            if (onStart != null) {
                onStart.accept(handle.get());
            }
            if (attempt >= deliveryLimit) {
                return giveUp(job, attempt);
            }
            if (attempt > 1) {
                Log.infof(
                        "Job %s: delivery %d of at most %d (earlier deliveries were interrupted or"
                                + " lost their worker)",
                        job.jobId(), attempt, deliveryLimit);
            }
            return service.run(job, handle.get());
        } finally {
            control.end(handle.get());
        }
    }

    private JobOutcome giveUp(JobSpec job, int attempt) {
        String reason =
                "delivered "
                        + attempt
                        + " times: the "
                        + (attempt - 1)
                        + " earlier deliveries ended without a result (the worker crashed, was"
                        + " killed or stopped, or lost the job's lock); it is not tried again";
        Log.errorf("Job %s FAILED: %s", job.jobId(), reason);
        try {
            publisher.progressAndWait(ProgressUpdate.status(job, State.FAILED, 0, reason));
        } catch (RuntimeException e) {
            Log.errorf(e, "Job %s: could not publish its FAILED status", job.jobId());
            return JobOutcome.STOPPED;
        }
        return JobOutcome.FAILED;
    }
}
