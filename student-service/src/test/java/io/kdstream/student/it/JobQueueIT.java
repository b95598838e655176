package io.kdstream.student.it;

import static io.kdstream.student.it.TwoWorkersIT.done;
import static io.kdstream.student.it.TwoWorkersIT.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Student workers as a queue (a Kafka share group) on a real broker, with workers started from the
 * packaged jar: many jobs over a few workers, a worker killed with {@code kill -9}, a worker frozen
 * past its lock, and a job that kills every worker that takes it. Test workers hold a job under a
 * {@value WorkerProcess#LOCK_TIMEOUT_SECONDS} s lock.
 *
 * <p>Each test has its own topic prefix and share group, so tests and other ITs on the shared
 * broker do not see each other's jobs.
 */
class JobQueueIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Duration LOCK = Duration.ofSeconds(WorkerProcess.LOCK_TIMEOUT_SECONDS);

    /** How long after a lock expires a waiting worker may take to report the job RUNNING. */
    private static final Duration TAKE_OVER_MARGIN = Duration.ofSeconds(20);

    private final String broker = LocalKafkaTestResource.sharedBootstrapServers();

    @Test
    void sixJobsOverThreeWorkersEachTrainOnceAtATime() {
        int workers = Integer.getInteger("queue.workers", 3);
        String prefix = "six.";
        String group = "student-it-six";
        try (KafkaTestClient kafka = new KafkaTestClient(broker, prefix)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-six", 2000);
            List<WorkerProcess> pool = new ArrayList<>();
            try {
                for (int i = 1; i <= workers; i++) {
                    pool.add(WorkerProcess.start("six-" + i, broker, prefix, group));
                }
                // jobs train in under a second: every worker must be able to take one first
                await().atMost(WAIT)
                        .until(
                                () ->
                                        kafka.assignedShareMembers(group, KdTopics.STUDENT_JOBS)
                                                == workers);
                List<String> jobs = IntStream.rangeClosed(1, 6).mapToObj(i -> "job-" + i).toList();
                long start = System.nanoTime();
                for (String job : jobs) {
                    kafka.submit(TestJobs.job(job, run.runId()).setEpochs(3).build(), null);
                }
                await().atMost(WAIT)
                        .failFast(
                                "a job FAILED: " + pool.get(0).logTail(),
                                () -> jobs.stream().anyMatch(j -> failed(kafka, j)))
                        .until(() -> jobs.stream().allMatch(j -> done(kafka, j)));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "queue: 6 jobs (3 epochs on 2,000 images) over %d worker(s) in %.1f s:"
                                + " %.0f jobs/hour%n",
                        workers, seconds, 6 * 3600 / seconds);

                Set<String> used = new TreeSet<>();
                for (String job : jobs) {
                    // one spell each: never on two workers at once, never trained twice
                    List<JobTimeline.Spell> spells = JobTimeline.spells(job, kafka.progress(job));
                    assertThat(spells).as(job).hasSize(1);
                    assertThat(spells.get(0).endState()).isEqualTo(WorkState.DONE);
                    assertThat(kafka.progress(job))
                            .filteredOn(p -> p.getState() == WorkState.DONE)
                            .hasSize(1);
                    assertThat(kafka.checkpoints(job))
                            .extracting(ModelCheckpoint::getEpoch)
                            .containsExactly(1, 2, 3);
                    used.add(spells.get(0).worker());
                }
                // with idle workers waiting, the jobs did not queue behind one of them
                assertThat(used).as("workers that trained").hasSize(workers);
                await().atMost(WAIT).until(() -> kafka.shareLag(group, KdTopics.STUDENT_JOBS) == 0);
            } finally {
                pool.forEach(WorkerProcess::close);
            }
        }
    }

    @Test
    void aKilledWorkersJobResumesOnAnotherAfterTheLock() {
        String prefix = "kill.";
        String group = "student-it-kill";
        try (KafkaTestClient kafka = new KafkaTestClient(broker, prefix);
                WorkerProcess a = WorkerProcess.start("kill-a", broker, prefix, group);
                WorkerProcess b = WorkerProcess.start("kill-b", broker, prefix, group)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-kill", 8000);
            String job = "job-kill";
            kafka.submit(TestJobs.job(job, run.runId()).setEpochs(5).build(), null);

            // 1. Whoever took the job is killed after its first checkpoint
            await().atMost(WAIT).until(() -> !kafka.checkpoints(job).isEmpty());
            WorkerProcess victim = runnerOf(job, a, b);
            WorkerProcess survivor = victim == a ? b : a;
            victim.kill();
            Instant killedAt = Instant.now();
            int checkpointsAtKill = kafka.checkpoints(job).size();

            // 2. The survivor takes it when the lock expires, resumes from the last checkpoint,
            //    and finishes it
            await().atMost(WAIT)
                    .failFast("the job FAILED: " + survivor.logTail(), () -> failed(kafka, job))
                    .until(() -> done(kafka, job));
            List<JobTimeline.Spell> spells =
                    JobTimeline.spells(job, kafka.progress(job), Set.of(victim.workerName()));
            assertThat(spells)
                    .extracting(JobTimeline.Spell::worker, JobTimeline.Spell::endState)
                    .containsExactly(
                            tuple(victim.workerName(), null),
                            tuple(survivor.workerName(), WorkState.DONE));
            Duration delay = Duration.between(killedAt, spells.get(1).start());
            System.out.printf(
                    "kill -9: %s took the job over %.1f s after the kill (lock %d s), resuming"
                            + " after epoch %d%n",
                    survivor.workerName(),
                    delay.toMillis() / 1000.0,
                    LOCK.toSeconds(),
                    spells.get(1).firstEpoch() - 1);
            assertThat(delay).isLessThan(LOCK.plus(TAKE_OVER_MARGIN));
            assertThat(spells.get(1).firstEpoch() - 1).isGreaterThanOrEqualTo(checkpointsAtKill);
            assertThat(survivor.logText()).contains("Took job " + job).contains("delivery 2)");
            assertThat(kafka.checkpoints(job))
                    .extracting(ModelCheckpoint::getEpoch)
                    .containsExactly(1, 2, 3, 4, 5);

            // 3. The resumed job equals an uninterrupted one, to the last bit: the same job under
            //    another id, trained straight by the survivor. Parameters, momentum and batch order
            //    all carried over, and one libtorch thread on one machine is deterministic; a lost
            //    momentum, a wrong order or freed memory read by autograd would show here
            kafka.submit(TestJobs.job("job-straight", run.runId()).setEpochs(5).build(), null);
            await().atMost(WAIT).until(() -> done(kafka, "job-straight"));
            List<Double> resumed =
                    kafka.checkpoints(job).stream().map(ModelCheckpoint::getTrainLoss).toList();
            List<Double> straight =
                    kafka.checkpoints("job-straight").stream()
                            .map(ModelCheckpoint::getTrainLoss)
                            .toList();
            System.out.printf("kill -9: epoch losses resumed %s, straight %s%n", resumed, straight);
            assertThat(resumed).as("train loss per epoch, resumed vs straight").isEqualTo(straight);
        }
    }

    @Test
    void aWorkerFrozenPastItsLockPublishesNothingOnceItWakes() {
        String prefix = "pause.";
        String group = "student-it-pause";
        try (KafkaTestClient kafka = new KafkaTestClient(broker, prefix);
                WorkerProcess a = WorkerProcess.start("pause-a", broker, prefix, group);
                WorkerProcess b = WorkerProcess.start("pause-b", broker, prefix, group)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-pause", 8000);
            String job = "job-pause";
            kafka.submit(TestJobs.job(job, run.runId()).setEpochs(6).build(), null);

            // 1. Whoever took the job is frozen after its first checkpoint, past its lock
            await().atMost(WAIT).until(() -> !kafka.checkpoints(job).isEmpty());
            WorkerProcess frozen = runnerOf(job, a, b);
            WorkerProcess other = frozen == a ? b : a;
            frozen.pause();
            Instant pausedAt = Instant.now();

            // 2. The other worker takes the job over; once it has published a checkpoint of its
            //    own, the frozen worker wakes up
            await().atMost(WAIT)
                    .until(
                            () ->
                                    kafka.progress(job).stream()
                                            .anyMatch(
                                                    p -> p.getWorker().equals(other.workerName())));
            int takenAfter = kafka.checkpoints(job).size();
            await().atMost(WAIT).until(() -> kafka.checkpoints(job).size() > takenAfter);
            frozen.resume();
            await().atMost(WAIT)
                    .failFast("the job FAILED: " + other.logTail(), () -> failed(kafka, job))
                    .until(() -> done(kafka, job));

            // 3. Nothing the frozen worker made after it was frozen reached a topic: its job had
            //    already moved on. (A record it had made just before may still arrive late.)
            List<TrainingProgress> progress = kafka.progress(job);
            Instant otherStarted =
                    progress.stream()
                            .filter(p -> p.getWorker().equals(other.workerName()))
                            .map(TrainingProgress::getUpdatedAt)
                            .min(Instant::compareTo)
                            .orElseThrow();
            assertThat(progress)
                    .filteredOn(p -> p.getWorker().equals(frozen.workerName()))
                    .allMatch(
                            p -> p.getUpdatedAt().isBefore(pausedAt.plusSeconds(1)),
                            "made before the pause")
                    .allMatch(
                            p -> p.getUpdatedAt().isBefore(otherStarted),
                            "made before the takeover");
            assertThat(kafka.checkpoints(job))
                    .extracting(ModelCheckpoint::getEpoch)
                    .containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(kafka.checkpoints(job))
                    .filteredOn(c -> c.getEpoch() > takenAfter)
                    .isNotEmpty();
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    frozen.logText().contains("Job " + job + " lost its lock")
                                            || frozen.logText().contains("its lock expired"));

            // 4. The woken worker is whole again: with the other one gone, it takes the next job
            other.stop();
            kafka.submit(TestJobs.job("job-after", run.runId()).setEpochs(1).build(), null);
            await().atMost(WAIT)
                    .failFast("the woken worker died: " + frozen.logTail(), () -> !frozen.alive())
                    .until(() -> done(kafka, "job-after"));
            assertThat(kafka.progress("job-after"))
                    .allMatch(p -> p.getWorker().equals(frozen.workerName()));
        }
    }

    @Test
    void aJobThatKillsEveryWorkerEndsFailedAfterTheDeliveryLimit() {
        String prefix = "poison.";
        String group = "student-it-poison";
        String limit = "-Dkd.student.delivery-limit=3";
        try (KafkaTestClient kafka = new KafkaTestClient(broker, prefix)) {
            TeacherRunFixture.Published run = TeacherRunFixture.publish(kafka, "run-poison", 4000);
            List<WorkerProcess> pool = new ArrayList<>();
            try {
                pool.add(WorkerProcess.start("poison-1", broker, prefix, group, limit));
                pool.add(WorkerProcess.start("poison-2", broker, prefix, group, limit));
                String poison = "job-poison";
                kafka.submit(TestJobs.job(poison, run.runId()).setEpochs(100).build(), null);
                kafka.submit(TestJobs.job("job-ok-1", run.runId()).setEpochs(2).build(), null);
                kafka.submit(TestJobs.job("job-ok-2", run.runId()).setEpochs(2).build(), null);

                // every worker that trains the poison job dies (the test plays the crash), and a
                // new worker takes its place
                int kills = 0;
                while (!failed(kafka, poison) && kills < 5) {
                    WorkerProcess victim =
                            await().atMost(WAIT)
                                    .until(() -> holder(poison, pool), Optional::isPresent)
                                    .orElse(null);
                    if (victim == null) {
                        continue;
                    }
                    victim.kill();
                    kills++;
                    pool.remove(victim);
                    pool.add(
                            WorkerProcess.start(
                                    "poison-" + (pool.size() + kills + 1),
                                    broker,
                                    prefix,
                                    group,
                                    limit));
                    await().atMost(WAIT)
                            .until(() -> failed(kafka, poison) || holder(poison, pool).isPresent());
                }
                await().atMost(WAIT).until(() -> failed(kafka, poison));
                TrainingProgress last =
                        kafka.progress(poison).get(kafka.progress(poison).size() - 1);
                assertThat(last.getState()).isEqualTo(WorkState.FAILED);
                assertThat(last.getReason())
                        .startsWith("delivered 3 times: the 2 earlier deliveries ended");
                assertThat(kills).isEqualTo(2);
                // the other jobs went on meanwhile, and nothing is left in the queue
                await().atMost(WAIT)
                        .until(() -> done(kafka, "job-ok-1") && done(kafka, "job-ok-2"));
                await().atMost(WAIT).until(() -> kafka.shareLag(group, KdTopics.STUDENT_JOBS) == 0);
            } finally {
                pool.forEach(WorkerProcess::close);
            }
        }
    }

    /** The worker that trains the job now, by its own account. */
    private static Optional<WorkerProcess> holder(String jobId, List<WorkerProcess> pool) {
        return pool.stream()
                .filter(WorkerProcess::alive)
                .filter(w -> w.jobs().contains("\"jobId\":\"" + jobId + "\""))
                .findFirst();
    }

    private static WorkerProcess runnerOf(String jobId, WorkerProcess a, WorkerProcess b) {
        return holder(jobId, List.of(a, b))
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no worker trains "
                                                + jobId
                                                + ": "
                                                + a.jobs()
                                                + " "
                                                + b.jobs()));
    }
}
