package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the evaluator's results; implemented over Kafka in the messaging package, where all
 * channels of the service live.
 */
public interface EventPublisher {

    /**
     * Publishes an evaluation, keyed by its model id.
     *
     * @param evaluation the evaluation
     * @return completes when the broker has the record
     */
    Uni<Void> evaluation(ModelEvaluation evaluation);

    /**
     * Publishes a comparison, keyed by its experiment id.
     *
     * @param comparison the comparison
     * @return completes when the broker has the record
     */
    Uni<Void> comparison(ComparisonView comparison);

    /**
     * Submits a student job, keyed by its job id.
     *
     * @param job the job
     * @return completes when the broker has the record
     */
    Uni<Void> studentJob(JobSpec job);
}
