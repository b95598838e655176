package io.kdstream.student.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two workers in one consumer group train two jobs at the same time, and a job is never trained by
 * two workers at once, even when the second worker joins while the first trains.
 *
 * <p>Worker A starts alone and takes job 1, placed on the last student-jobs partition. Worker B
 * then joins: the cooperative sticky assignor moves half of A's partitions to B, usually the upper
 * half, so job 1's partition normally moves and A must stop job 1 before B gets it (B then resumes
 * it); if it stays, A keeps training. Either way job 2 goes to a partition of the worker that does
 * not own job 1, so both train concurrently. The assertions hold in both cases.
 *
 * <p>Plain JUnit with workers started from the packaged jar (two Quarkus apps cannot share a JVM:
 * DJL's native library loads into one class loader per JVM).
 */
class TwoWorkersIT {

    private static final String PREFIX = "pair.";
    private static final String GROUP = "student-it-pair";
    private static final Duration WAIT = Duration.ofSeconds(150);

    @Test
    void jobsSpreadAndNeverTrainTwiceAtOnce() {
        String broker = LocalKafkaTestResource.sharedBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(broker, PREFIX)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-pair", 4000);
            int last = KdTopics.STUDENT_JOB_PARTITIONS - 1;
            try (WorkerProcess a = WorkerProcess.start("pair-a", broker, PREFIX, GROUP)) {
                // 1. A owns all 8 partitions and starts job 1 (on the last one)
                await().atMost(WAIT).until(() -> a.partitions().size() == 8);
                kafka.submit(
                        TestJobs.job("job-one", run.runId()).setEpochs(12).build(), last);
                await().atMost(WAIT)
                        .until(
                                () ->
                                        kafka.progress("job-one").stream()
                                                .anyMatch(p -> p.getState() == WorkState.RUNNING));

                // 2. B joins while job 1 trains; the group settles at 4 partitions each
                try (WorkerProcess b = WorkerProcess.start("pair-b", broker, PREFIX, GROUP)) {
                    await().atMost(WAIT)
                            .until(() -> a.partitions().size() == 4 && b.partitions().size() == 4);
                    boolean moved = b.partitions().contains(last);
                    WorkerProcess owner = moved ? b : a;
                    WorkerProcess other = moved ? a : b;
                    System.out.printf(
                            "two workers: A owns %s, B owns %s; job 1's partition %d %s%n",
                            a.partitions(),
                            b.partitions(),
                            last,
                            moved ? "moved to B" : "stayed on A");

                    // 3. Job 2 goes to a partition of the other worker: both jobs train at once
                    kafka.submit(
                            TestJobs.job("job-two", run.runId()).setEpochs(3).build(),
                            other.partitions().get(0));
                    await().atMost(WAIT)
                            .failFast(
                                    "a job FAILED:\n" + a.logTail() + "\n" + b.logTail(),
                                    () -> failed(kafka, "job-one") || failed(kafka, "job-two"))
                            .until(() -> done(kafka, "job-one") && done(kafka, "job-two"));

                    // 4. Per job, one worker at a time; job 2 only ever on the other worker
                    List<JobTimeline.Spell> one =
                            JobTimeline.spells("job-one", kafka.progress("job-one"));
                    List<JobTimeline.Spell> two =
                            JobTimeline.spells("job-two", kafka.progress("job-two"));
                    assertThat(two)
                            .extracting(JobTimeline.Spell::worker)
                            .containsExactly(other.workerName());
                    JobTimeline.Spell finalOne = one.get(one.size() - 1);
                    assertThat(finalOne.worker()).isEqualTo(owner.workerName());
                    if (moved) {
                        // A stopped job 1 when its partition went to B, and B took it over
                        assertThat(one)
                                .extracting(JobTimeline.Spell::worker, JobTimeline.Spell::endState)
                                .containsExactly(
                                        tuple(a.workerName(), WorkState.INTERRUPTED),
                                        tuple(b.workerName(), WorkState.DONE));
                        assertThat(a.logText()).contains("revoked while job job-one runs");
                    } else {
                        assertThat(one).hasSize(1);
                    }

                    // 5. The two jobs trained at the same time, on different workers
                    JobTimeline.Spell spellTwo = two.get(0);
                    assertThat(finalOne.start()).isBefore(spellTwo.end());
                    assertThat(spellTwo.start()).isBefore(finalOne.end());
                }
            }

            // 6. Each epoch of each job was checkpointed exactly once
            List<ModelCheckpoint> one = kafka.checkpoints("job-one");
            List<ModelCheckpoint> two = kafka.checkpoints("job-two");
            assertThat(one)
                    .extracting(ModelCheckpoint::getEpoch)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
            assertThat(two).extracting(ModelCheckpoint::getEpoch).containsExactly(1, 2, 3);

            // 7. Both jobs have the same seed, run and settings: whether job 1 was handed over
            //    (and resumed from its checkpoint, momentum included) or not, its first three
            //    epochs are the ones job 2 trained straight on another worker
            for (int e = 0; e < 3; e++) {
                assertThat(one.get(e).getTrainLoss())
                        .as("train loss of epoch %d", e + 1)
                        .isCloseTo(two.get(e).getTrainLoss(), within(1e-6));
            }
        }
    }

    private static boolean done(KafkaTestClient kafka, String jobId) {
        return kafka.progress(jobId).stream().anyMatch(p -> p.getState() == WorkState.DONE);
    }

    private static boolean failed(KafkaTestClient kafka, String jobId) {
        return kafka.progress(jobId).stream().anyMatch(p -> p.getState() == WorkState.FAILED);
    }
}
