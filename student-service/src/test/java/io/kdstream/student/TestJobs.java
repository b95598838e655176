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
                .setLearningRate(0.05)
                .setMomentum(0.9)
                .setBatchSize(64)
                .setSeed(3)
                .setWeightInit("pytorch")
                .setSubmittedAt(Instant.now());
    }
}
