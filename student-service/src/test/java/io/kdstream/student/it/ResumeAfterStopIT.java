package io.kdstream.student.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker stopped in the middle of a job (after its first checkpoint) leaves the job to the next
 * worker, which resumes it after the last checkpoint instead of starting over.
 *
 * <p>Plain JUnit with a real broker and workers started from the packaged jar: the test must stop
 * one worker and start another, which {@code @QuarkusIntegrationTest} cannot. Topics use the prefix
 * {@value #PREFIX} and the workers their own share group, so other ITs on the shared test broker do
 * not interfere. A shutdown releases the job at once: B need not wait for a lock to expire.
 */
class ResumeAfterStopIT {

    private static final String PREFIX = "resume.";
    private static final String GROUP = "student-it-resume";
    private static final String JOB = "job-resume";
    private static final int EPOCHS = 6;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void nextWorkerResumesAfterTheLastCheckpoint() {
        String broker = LocalKafkaTestResource.sharedBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(broker, PREFIX)) {
            // 1. A teacher run of 8,000 images: a student epoch takes a few seconds
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-resume", 8000);
            StudentJob job = TestJobs.job(JOB, run.runId()).setEpochs(EPOCHS).build();

            // 2. Worker A takes the job; once its first checkpoint is out, A is stopped (SIGTERM)
            int stoppedAfter;
            String workerA;
            try (WorkerProcess a = WorkerProcess.start("resume-a", broker, PREFIX, GROUP)) {
                workerA = a.workerName();
                kafka.submit(job, null);
                await().atMost(WAIT)
                        .pollInterval(Duration.ofMillis(100))
                        .failFast("A failed the job: " + a.logTail(), () -> failed(kafka))
                        .until(() -> !kafka.checkpoints(JOB).isEmpty());
                a.stop();
                // A stopped the job at its next step and said so before it exited
                List<TrainingProgress> progress = kafka.progress(JOB);
                TrainingProgress last = progress.get(progress.size() - 1);
                assertThat(last.getState()).as(a.logTail()).isEqualTo(WorkState.INTERRUPTED);
                assertThat(last.getWorker()).isEqualTo(workerA);
                assertThat(last.getReason()).isEqualTo("stopped: the worker is shutting down");
                stoppedAfter = last.getEpoch();
                assertThat(a.logText()).contains("Job " + JOB + " INTERRUPTED");
            }
            // the stopped job was released, not accepted: the share group has not finished it
            assertThat(kafka.shareLag(GROUP, KdTopics.STUDENT_JOBS)).isEqualTo(1);
            List<ModelCheckpoint> beforeStop = kafka.checkpoints(JOB);
            assertThat(stoppedAfter)
                    .as("A was stopped mid-job")
                    .isEqualTo(beforeStop.size())
                    .isBetween(1, EPOCHS - 1);

            // 3. Worker B joins the share group, takes the released job and resumes it after A's
            //    last checkpoint
            try (WorkerProcess b = WorkerProcess.start("resume-b", broker, PREFIX, GROUP)) {
                String workerB = b.workerName();
                await().atMost(WAIT)
                        .failFast("B failed the job: " + b.logTail(), () -> failed(kafka))
                        .until(
                                () ->
                                        kafka.progress(JOB).stream()
                                                .anyMatch(p -> p.getState() == WorkState.DONE));

                List<JobTimeline.Spell> spells = JobTimeline.spells(JOB, kafka.progress(JOB));
                assertThat(spells)
                        .extracting(JobTimeline.Spell::worker, JobTimeline.Spell::endState)
                        .containsExactly(
                                tuple(workerA, WorkState.INTERRUPTED),
                                tuple(workerB, WorkState.DONE));
                assertThat(spells.get(1).firstEpoch()).isEqualTo(stoppedAfter + 1);
                assertThat(b.logText())
                        .contains(
                                "resuming after epoch "
                                        + stoppedAfter
                                        + " from "
                                        + JOB
                                        + "-e"
                                        + stoppedAfter);
                // DONE: accepted, so the share group has nothing left to deliver
                await().atMost(WAIT).until(() -> kafka.shareLag(GROUP, KdTopics.STUDENT_JOBS) == 0);
                // B took it at once (released at A's shutdown, no lock to wait for), as delivery 2
                assertThat(b.logText()).contains("Took job " + JOB).contains("delivery 2)");
            }

            // 4. Every epoch has exactly one checkpoint: none repeated, none missing
            List<ModelCheckpoint> checkpoints = kafka.checkpoints(JOB);
            assertThat(checkpoints)
                    .extracting(ModelCheckpoint::getEpoch)
                    .containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(checkpoints.subList(0, stoppedAfter))
                    .extracting(ModelCheckpoint::getModelId)
                    .containsExactlyElementsOf(
                            beforeStop.stream().map(ModelCheckpoint::getModelId).toList());
            // the resumed run keeps learning where A left off
            double first = checkpoints.get(0).getTrainLoss();
            double lastLoss = checkpoints.get(EPOCHS - 1).getTrainLoss();
            System.out.printf(
                    "resume: stopped after epoch %d; train loss epoch 1 %.4f -> epoch %d %.4f%n",
                    stoppedAfter, first, EPOCHS, lastLoss);
            assertThat(lastLoss).isLessThan(first);
        }
    }

    private static boolean failed(KafkaTestClient kafka) {
        return kafka.progress(JOB).stream().anyMatch(p -> p.getState() == WorkState.FAILED);
    }
}
