package io.kdstream.student.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two idle workers and two jobs: both jobs train at the same time, one on each worker, whatever
 * partition the jobs land on. Workers share the student-jobs topic as a share group, so a worker
 * that trains takes no second job while the other is idle.
 *
 * <p>Plain JUnit with workers started from the packaged jar (two Quarkus apps cannot share a JVM:
 * DJL's native library loads into one class loader per JVM).
 */
class TwoWorkersIT {

    private static final String PREFIX = "pair.";
    private static final String GROUP = "student-it-pair";
    private static final Duration WAIT = Duration.ofSeconds(150);

    @Test
    void twoJobsTrainAtOnceOnTwoWorkers() {
        String broker = LocalKafkaTestResource.sharedBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(broker, PREFIX);
                WorkerProcess a = WorkerProcess.start("pair-a", broker, PREFIX, GROUP);
                WorkerProcess b = WorkerProcess.start("pair-b", broker, PREFIX, GROUP)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-pair", 4000);
            // a job now trains in about a second: both workers must be able to take one first
            await().atMost(WAIT)
                    .until(() -> kafka.assignedShareMembers(GROUP, KdTopics.STUDENT_JOBS) == 2);

            // 1. Two jobs with the same settings and seed, one right after the other
            kafka.submit(TestJobs.job("job-one", run.runId()).setEpochs(4).build(), null);
            kafka.submit(TestJobs.job("job-two", run.runId()).setEpochs(4).build(), null);
            await().atMost(WAIT)
                    .failFast(
                            "a job FAILED:\n" + a.logTail() + "\n" + b.logTail(),
                            () -> failed(kafka, "job-one") || failed(kafka, "job-two"))
                    .until(() -> done(kafka, "job-one") && done(kafka, "job-two"));

            // 2. Each trained in one spell, on a worker of its own
            List<JobTimeline.Spell> one = JobTimeline.spells("job-one", kafka.progress("job-one"));
            List<JobTimeline.Spell> two = JobTimeline.spells("job-two", kafka.progress("job-two"));
            assertThat(one).hasSize(1);
            assertThat(two).hasSize(1);
            assertThat(List.of(one.get(0).worker(), two.get(0).worker()))
                    .containsExactlyInAnyOrder(a.workerName(), b.workerName());

            // 3. ...at the same time: each started before the other ended
            JobTimeline.Spell first = one.get(0);
            JobTimeline.Spell second = two.get(0);
            System.out.printf(
                    "two workers: job-one on %s %s..%s, job-two on %s %s..%s%n",
                    first.worker(),
                    first.start(),
                    first.end(),
                    second.worker(),
                    second.start(),
                    second.end());
            assertThat(first.start()).isBefore(second.end());
            assertThat(second.start()).isBefore(first.end());

            // 4. Each epoch checkpointed once, and two workers trained the same job the same way,
            //    to the last bit (one libtorch thread on one machine is deterministic)
            List<ModelCheckpoint> c1 = kafka.checkpoints("job-one");
            List<ModelCheckpoint> c2 = kafka.checkpoints("job-two");
            assertThat(c1).extracting(ModelCheckpoint::getEpoch).containsExactly(1, 2, 3, 4);
            assertThat(c2).extracting(ModelCheckpoint::getEpoch).containsExactly(1, 2, 3, 4);
            List<Double> losses1 = c1.stream().map(ModelCheckpoint::getTrainLoss).toList();
            List<Double> losses2 = c2.stream().map(ModelCheckpoint::getTrainLoss).toList();
            System.out.printf("two workers: epoch losses %s vs %s%n", losses1, losses2);
            assertThat(losses1).as("train loss per epoch, worker 1 vs worker 2").isEqualTo(losses2);
        }
    }

    static boolean done(KafkaTestClient kafka, String jobId) {
        return kafka.progress(jobId).stream().anyMatch(p -> p.getState() == WorkState.DONE);
    }

    static boolean failed(KafkaTestClient kafka, String jobId) {
        return kafka.progress(jobId).stream().anyMatch(p -> p.getState() == WorkState.FAILED);
    }
}
