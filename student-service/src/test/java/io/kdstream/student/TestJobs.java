package io.kdstream.student;

import io.kdstream.core.schema.StudentJob;
import java.time.Instant;

/** The student job the tests start from: a valid two-epoch hinton job; tests change what they test. */
public final class TestJobs {

    private TestJobs() {}

    /**
     * A valid job.
     *
     * @param jobId the job id; the experiment is {@code exp-<jobId>}
     * @param teacherRunId the teacher run to distil from
     * @return a builder, to change fields before {@code build()}
     */
    public static StudentJob.Builder job(String jobId, String teacherRunId) {
        return StudentJob.newBuilder()
                .setJobId(jobId)
                .setExperimentId("exp-" + jobId)
                .setTeacherRunId(teacherRunId)
                .setArchitecture("tutorial-student")
                .setLossMode("hinton")
                .setAlpha(0.5)
                .setTemperature(4)
                .setEpochs(2)
                // not 0.05: hinton at T = 4 scales its gradient by about T, and at 0.05 a job went
                // to NaN in its fourth epoch in one JobQueueIT run (and for one seed in five in
                // TrainingMarginsReport); at 0.01 it never did
                .setLearningRate(0.01)
                .setMomentum(0.9)
                .setBatchSize(64)
                .setSeed(3)
                .setWeightInit("pytorch")
                .setSubmittedAt(Instant.now());
    }
}
