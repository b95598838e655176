package io.kdstream.evaluator.domain;

import java.time.Instant;
import java.util.List;

/**
 * An experiment with the latest state of each of its jobs, as served over REST.
 *
 * @param experimentId the experiment
 * @param teacherRunId its teacher run
 * @param teacherModelId the teacher checkpoint of the run, or {@code null} while the run is unknown
 * @param complete whether the published comparison is complete
 * @param jobs the student jobs, in submission order
 */
public record ExperimentView(
        String experimentId,
        String teacherRunId,
        String teacherModelId,
        boolean complete,
        List<JobView> jobs) {

    /** Copies the jobs. */
    public ExperimentView {
        jobs = List.copyOf(jobs);
    }

    /**
     * A student job with its latest progress and evaluation.
     *
     * @param jobId the job
     * @param label its label inside the experiment
     * @param architecture registry name of the student
     * @param lossMode hinton, tutorial or none
     * @param alpha weight of the hard-label cross-entropy
     * @param temperature softmax temperature
     * @param epochs planned epochs
     * @param learningRate SGD learning rate
     * @param momentum SGD momentum
     * @param batchSize images per step
     * @param seed the job's seed
     * @param state the latest progress state, or SUBMITTED before any progress
     * @param epoch the current epoch
     * @param step the step inside the epoch
     * @param stepsPerEpoch steps per epoch
     * @param loss recent training loss, or {@code null}
     * @param samplesPerSecond recent throughput, or {@code null}
     * @param etaSeconds estimated seconds to the end, or {@code null}
     * @param worker the worker training it, or {@code null}
     * @param reason why it was rejected or failed, or {@code null}
     * @param progressAt when the progress was reported, or {@code null}
     * @param evaluatedEpoch the latest evaluated epoch, or {@code null}
     * @param accuracy the test accuracy of that epoch, or {@code null}
     */
    public record JobView(
            String jobId,
            String label,
            String architecture,
            String lossMode,
            double alpha,
            double temperature,
            int epochs,
            double learningRate,
            double momentum,
            int batchSize,
            long seed,
            String state,
            int epoch,
            int step,
            int stepsPerEpoch,
            Double loss,
            Double samplesPerSecond,
            Double etaSeconds,
            String worker,
            String reason,
            Instant progressAt,
            Integer evaluatedEpoch,
            Double accuracy) {}
}
