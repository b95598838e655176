package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Recomputes experiments' comparisons and publishes each one that changed. */
@ApplicationScoped
public class ComparisonService {

    private final EvaluatorState state;
    private final EventPublisher publisher;
    private final DashboardEvents events;

    public ComparisonService(
            EvaluatorState state, EventPublisher publisher, DashboardEvents events) {
        this.state = state;
        this.publisher = publisher;
        this.events = events;
    }

    /**
     * Recomputes the comparisons of some experiments and publishes those that changed.
     *
     * @param experimentIds the experiments
     */
    public synchronized void refresh(Collection<String> experimentIds) {
        for (String id : experimentIds) {
            compute(id)
                    .ifPresent(
                            c -> {
                                if (state.putComparison(c)) {
                                    events.emit(DashboardEvent.COMPARISON, c);
                                    Log.infof(
                                            "Comparison %s: %d rows, %s",
                                            c.experimentId(),
                                            c.rows().size(),
                                            c.complete() ? "complete" : "in progress");
                                    publisher
                                            .comparison(c)
                                            .subscribe()
                                            .with(
                                                    ok -> {},
                                                    f ->
                                                            Log.errorf(
                                                                    f,
                                                                    "Cannot publish comparison %s",
                                                                    id));
                                }
                            });
        }
    }

    private Optional<ComparisonView> compute(String experimentId) {
        List<JobSpec> jobs = state.jobsOf(experimentId);
        if (jobs.isEmpty()) {
            return Optional.empty();
        }
        String runId = jobs.get(0).teacherRunId();
        RunManifest run = state.run(runId);
        ModelEvaluation teacher = run == null ? null : state.evaluation(run.teacherModelId());
        List<String> jobIds = jobs.stream().map(JobSpec::jobId).toList();
        return ComparisonCalculator.compute(
                experimentId,
                runId,
                jobs,
                teacher,
                state.latestEvaluations(jobIds),
                state.progressOf(jobIds),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
