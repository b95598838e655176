package io.kdstream.evaluator.domain;

import java.util.List;

/**
 * The answer to an accepted experiment request.
 *
 * @param experimentId the new experiment
 * @param teacherRunId its teacher run
 * @param jobIds the submitted student jobs, in request order
 */
public record SubmittedExperiment(String experimentId, String teacherRunId, List<String> jobIds) {

    /** Copies the job ids. */
    public SubmittedExperiment {
        jobIds = List.copyOf(jobIds);
    }
}
