package io.kdstream.evaluator.messaging;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.Comparison;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.evaluation.EventPublisher;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes evaluations, comparisons and student jobs, each keyed by its id (model, experiment,
 * job), so that the latest record per id is what a compacted topic or a consumer keeps.
 *
 * <p>A comparison whose content is already the last one on the topic for its experiment ({@link
 * PublishedComparisons}) is not sent: a restart, or a refresh that changed only the time, would
 * otherwise add a record every reader has seen.
 */
@ApplicationScoped
public class KafkaPublisher implements EventPublisher {

    static final String EVALUATIONS_CHANNEL = "evaluations";
    static final String COMPARISONS_CHANNEL = "comparisons";
    static final String STUDENT_JOBS_CHANNEL = "student-jobs";

    private final MutinyEmitter<Record<String, Evaluation>> evaluations;
    private final MutinyEmitter<Record<String, Comparison>> comparisons;
    private final MutinyEmitter<Record<String, StudentJob>> studentJobs;
    private final EvaluatorMetrics metrics;
    private final PublishedComparisons publishedComparisons;
    private final String prefix;

    public KafkaPublisher(
            @Channel(EVALUATIONS_CHANNEL) MutinyEmitter<Record<String, Evaluation>> evaluations,
            @Channel(COMPARISONS_CHANNEL) MutinyEmitter<Record<String, Comparison>> comparisons,
            @Channel(STUDENT_JOBS_CHANNEL) MutinyEmitter<Record<String, StudentJob>> studentJobs,
            EvaluatorMetrics metrics,
            PublishedComparisons publishedComparisons,
            EvaluatorConfig config) {
        this.evaluations = evaluations;
        this.comparisons = comparisons;
        this.studentJobs = studentJobs;
        this.metrics = metrics;
        this.publishedComparisons = publishedComparisons;
        this.prefix = config.topics().prefix();
    }

    @Override
    public Uni<Void> evaluation(ModelEvaluation evaluation) {
        return evaluations
                .send(Record.of(evaluation.modelId(), EvaluationMapper.toAvro(evaluation)))
                .invoke(() -> metrics.published(prefix + KdTopics.EVALUATIONS));
    }

    @Override
    public Uni<Void> comparison(ComparisonView comparison) {
        Comparison record = ComparisonMapper.toAvro(comparison);
        if (!publishedComparisons.claim(record)) {
            Log.debugf(
                    "Comparison %s is already on the topic, not sent again",
                    comparison.experimentId());
            return Uni.createFrom().voidItem();
        }
        return comparisons
                .send(Record.of(comparison.experimentId(), record))
                .invoke(() -> metrics.published(prefix + KdTopics.COMPARISONS))
                .onFailure()
                .invoke(() -> publishedComparisons.release(record));
    }

    @Override
    public Uni<Void> studentJob(JobSpec job) {
        return studentJobs
                .send(Record.of(job.jobId(), StudentJobMapper.toAvro(job)))
                .invoke(() -> metrics.published(prefix + KdTopics.STUDENT_JOBS));
    }
}
