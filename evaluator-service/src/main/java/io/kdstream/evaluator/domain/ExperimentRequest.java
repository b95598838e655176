package io.kdstream.evaluator.domain;

import java.util.List;

/**
 * A request for an experiment: one teacher run and the students to train from it.
 *
 * <p>Fields are nullable so that the validator can name each missing one.
 *
 * @param teacherRunId a teacher run seen on the teacher-runs topic, COMPLETE
 * @param students the student jobs, at least one
 */
public record ExperimentRequest(String teacherRunId, List<StudentRequest> students) {

    /**
     * One student of an experiment request.
     *
     * @param architecture registry name of the student
     * @param lossMode hinton, tutorial or none
     * @param alpha weight of the hard-label cross-entropy, in [0, 1]
     * @param temperature softmax temperature, &gt; 0
     * @param epochs epochs, &gt; 0
     * @param learningRate SGD learning rate, &gt; 0
     * @param momentum SGD momentum, in [0, 1)
     * @param batchSize images per step, &gt; 0
     * @param seed seeds weights and batch order
     * @param label optional name of the job inside the experiment, [A-Za-z0-9_.-], unique
     * @param weightInit optional initial weights, pytorch-default (default) or djl-default
     */
    public record StudentRequest(
            String architecture,
            String lossMode,
            Double alpha,
            Double temperature,
            Integer epochs,
            Double learningRate,
            Double momentum,
            Integer batchSize,
            Long seed,
            String label,
            String weightInit) {}
}
