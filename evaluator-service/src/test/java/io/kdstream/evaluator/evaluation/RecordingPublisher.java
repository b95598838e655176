package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventPublisher} that keeps what it was given, for the plain tests. */
final class RecordingPublisher implements EventPublisher {

    final List<ModelEvaluation> evaluations = new ArrayList<>();
    final List<ComparisonView> comparisons = new ArrayList<>();
    final List<JobSpec> jobs = new ArrayList<>();

    @Override
    public synchronized Uni<Void> evaluation(ModelEvaluation evaluation) {
        evaluations.add(evaluation);
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> comparison(ComparisonView comparison) {
        comparisons.add(comparison);
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> studentJob(JobSpec job) {
        jobs.add(job);
        return Uni.createFrom().voidItem();
    }
}
