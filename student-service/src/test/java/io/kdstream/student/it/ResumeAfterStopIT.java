package io.kdstream.student.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.TeacherRunDeserializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TeacherRun;
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
 *
 * <p>Both workers check who produced what they read ({@code
 * kd.security.require-producer-identity=true}): before B starts, the test forges a final checkpoint
 * of the job (without the producer header, and with the teacher's) and a FAILED manifest of the
 * run. B skips all three; had it taken any, it would not resume after A's last checkpoint (a forged
 * final checkpoint ends the job DONE untrained, a FAILED run rejects it).
 */
class ResumeAfterStopIT {

    private static final String PREFIX = "resume.";
    private static final String GROUP = "student-it-resume";
    private static final String JOB = "job-resume";
    private static final int EPOCHS = 6;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CHECKED = "-Dkd.security.require-producer-identity=true";

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
            try (WorkerProcess a =
                    WorkerProcess.start("resume-a", broker, PREFIX, GROUP, CHECKED)) {
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
            forge(kafka, run.runId(), beforeStop.get(beforeStop.size() - 1));

            // 3. Worker B joins the share group, takes the released job and resumes it after A's
            //    last checkpoint
            try (WorkerProcess b =
                    WorkerProcess.start("resume-b", broker, PREFIX, GROUP, CHECKED)) {
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
                // and said what it skipped
                assertThat(b.logText())
                        .contains(
                                "(key run-resume): a run manifest must come from 'teacher-service'",
                                "(key "
                                        + JOB
                                        + "): a STUDENT checkpoint must come from"
                                        + " 'student-service' (kd.security.require-producer-identity"
                                        + "=true), but its kd-producer header is missing",
                                "but its kd-producer header is 'teacher-service'");
            }

            // 4. Every epoch has exactly one checkpoint: none repeated, none missing; each carries
            //    the student's identity (all records of the job but the two forged ones)
            List<ModelCheckpoint> checkpoints = kafka.checkpointsFrom(JOB, "student-service");
            assertThat(kafka.checkpoints(JOB)).hasSize(EPOCHS + 2);
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

    /**
     * Writes what a client with write access but no right to speak for the services could: the
     * job's final checkpoint, once without a producer header and once claiming the teacher, and a
     * FAILED manifest of the run without a header.
     */
    private static void forge(KafkaTestClient kafka, String runId, ModelCheckpoint genuine) {
        ModelCheckpoint forged =
                ModelCheckpoint.newBuilder(genuine)
                        .setModelId(JOB + "-e" + EPOCHS)
                        .setEpoch(EPOCHS)
                        .build();
        try (ModelCheckpointSerializer serializer = new ModelCheckpointSerializer()) {
            byte[] value = serializer.serialize(kafka.topic(KdTopics.MODELS), forged);
            kafka.sendAs(KdTopics.MODELS, JOB, value, null);
            kafka.sendAs(KdTopics.MODELS, JOB, value, TeacherRunFixture.TEACHER);
        }
        byte[] manifest =
                kafka.readAll(KdTopics.TEACHER_RUNS).stream()
                        .filter(r -> runId.equals(r.key()))
                        .reduce((first, second) -> second)
                        .orElseThrow()
                        .value();
        try (TeacherRunDeserializer deserializer = new TeacherRunDeserializer();
                TeacherRunSerializer serializer = new TeacherRunSerializer()) {
            String topic = kafka.topic(KdTopics.TEACHER_RUNS);
            TeacherRun failed =
                    TeacherRun.newBuilder(deserializer.deserialize(topic, manifest))
                            .setStatus(RunStatus.FAILED)
                            .setReason("forged")
                            .build();
            kafka.sendAs(KdTopics.TEACHER_RUNS, runId, serializer.serialize(topic, failed), null);
        }
    }

    private static boolean failed(KafkaTestClient kafka) {
        return kafka.progress(JOB).stream().anyMatch(p -> p.getState() == WorkState.FAILED);
    }
}
