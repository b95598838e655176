package io.kdstream.student;

import io.kdstream.core.schema.StudentJob;
import java.time.Instant;

/**
 * The student job the tests start from: a valid two-epoch hinton job; tests change what they test.
 */
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
                // far from divergence: on 8,000 images over 5 epochs, 6 seeds and 2 fixture
                // teachers,
                // no step's loss rose above the first step's at 0.01 or at 0.02. (The NaN jobs once
                // blamed on a high lr were DJL's freed scalars: see DistillationLoss.scalar)
                .setLearningRate(0.01)
                .setMomentum(0.9)
                .setBatchSize(64)
                .setSeed(3)
                .setWeightInit("pytorch")
                .setSubmittedAt(Instant.now());
    }
}
