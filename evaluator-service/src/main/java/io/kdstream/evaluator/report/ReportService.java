package io.kdstream.evaluator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.evaluation.EvaluatorState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gathers the figures of an experiment from {@link EvaluatorState}: the report, the seed bands and
 * the sweep grid. Nothing is cached: a report is asked for rarely and must show the latest state.
 */
@ApplicationScoped
public class ReportService {

    private final EvaluatorState state;
    private final ObjectMapper json;

    public ReportService(EvaluatorState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    /**
     * Returns the report of an experiment.
     *
     * @param experimentId the experiment
     * @param source the request that asks for it, printed in the report
     * @return the report, or empty while the experiment has no comparison
     */
    public Optional<Report> report(String experimentId, String source) {
        ComparisonView c = state.comparison(experimentId);
        if (c == null) {
            return Optional.empty();
        }
        List<JobSpec> jobs = state.jobsOf(experimentId);
        return Optional.of(
                new Report(
                        c,
                        bands(experimentId, c),
                        SweepGrid.of(c, byId(jobs)).orElse(null),
                        specs(jobs),
                        Instant.now(),
                        source));
    }

    /**
     * Returns the per-epoch curves of an experiment.
     *
     * @param experimentId the experiment
     * @return the bands, or empty for an unknown experiment
     */
    public Optional<SeedBands> curves(String experimentId) {
        ComparisonView c = state.comparison(experimentId);
        if (c == null && !state.hasExperiment(experimentId)) {
            return Optional.empty();
        }
        return Optional.of(bands(experimentId, c));
    }

    /**
     * Returns the sweep grid of an experiment.
     *
     * @param experimentId the experiment
     * @return the grid, or empty when the experiment has no comparison or is not a sweep
     */
    public Optional<SweepGrid> sweep(String experimentId) {
        ComparisonView c = state.comparison(experimentId);
        return c == null ? Optional.empty() : SweepGrid.of(c, byId(state.jobsOf(experimentId)));
    }

    private SeedBands bands(String experimentId, ComparisonView c) {
        List<JobSpec> jobs = state.jobsOf(experimentId);
        return SeedBands.of(jobs, teacherOwner(c, jobs), state.evaluations());
    }

    /**
     * The teacher training whose evaluations make the teacher curve: that of the comparison's
     * teacher row, else of the run's teacher checkpoint.
     */
    private String teacherOwner(ComparisonView c, List<JobSpec> jobs) {
        String modelId =
                c == null
                        ? null
                        : c.rows().stream()
                                .filter(r -> r.jobId() == null)
                                .map(ComparisonView.Row::modelId)
                                .findFirst()
                                .orElse(null);
        if (modelId == null && !jobs.isEmpty()) {
            RunManifest run = state.run(jobs.get(0).teacherRunId());
            modelId = run == null ? null : run.teacherModelId();
        }
        ModelEvaluation teacher = state.evaluation(modelId);
        return teacher == null ? null : teacher.ownerId();
    }

    private String specs(List<JobSpec> jobs) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(jobs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job specs are plain records", e);
        }
    }

    private static Map<String, JobSpec> byId(List<JobSpec> jobs) {
        return jobs.stream().collect(Collectors.toMap(JobSpec::jobId, Function.identity()));
    }
}
