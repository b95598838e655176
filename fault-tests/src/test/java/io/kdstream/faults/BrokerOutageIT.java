package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: the broker stops for 90 s in the middle of a student job, then comes back on the same
 * data directory and port. The job must end DONE with each epoch's checkpoint on the models topic
 * exactly once, no job may end FAILED, and the experiment's comparison must complete.
 */
class BrokerOutageIT {

    private static final int EPOCHS = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(90);

    private static Deployment deployment;
    private static final List<ServiceProcess> services = new ArrayList<>();

    @BeforeAll
    static void start() {
        deployment = new Deployment("broker-outage");
        deployment.startBroker();
        services.addAll(deployment.startPipeline(EPOCHS, 6000));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aJobCutOffFromTheBrokerFor90SecondsEndsDoneWithEachEpochOnce() {
        // 1. a student job in the middle: its first epoch's checkpoint is out
        Awaits.until(
                "a student's first checkpoint",
                Duration.ofMinutes(5),
                () -> !Topics.studentCheckpoints(deployment.topics()).isEmpty());
        String jobId = Topics.studentCheckpoints(deployment.topics()).get(0).jobId();

        // 2. the broker goes away for 90 s and comes back on the same port and data
        deployment.stopBroker();
        long down = System.nanoTime();
        sleep(OUTAGE);
        deployment.startBroker();
        long up = System.nanoTime();
        System.out.printf(
                "fault suite: broker down %.0f s while job %s trained%n", (up - down) / 1e9, jobId);

        // 3. the experiment completes
        ServiceProcess evaluator = services.get(0);
        Awaits.until(
                "a complete comparison after the outage",
                Duration.ofMinutes(10),
                evaluator::hasCompleteComparison);
        System.out.printf(
                "fault suite: comparison complete %.0f s after the broker came back%n",
                (System.nanoTime() - up) / 1e9);

        // every student job DONE, none FAILED at any time
        List<TrainingProgress> progress = Topics.progress(deployment.topics());
        Map<String, List<WorkState>> states =
                progress.stream()
                        .filter(p -> p.getKind() == WorkKind.STUDENT_JOB)
                        .collect(
                                Collectors.groupingBy(
                                        p -> p.getId().toString(),
                                        TreeMap::new,
                                        Collectors.mapping(
                                                TrainingProgress::getState, Collectors.toList())));
        assertThat(states).as("student jobs").hasSize(2).containsKey(jobId);
        states.forEach(
                (job, s) -> {
                    assertThat(s).as("states of %s", job).doesNotContain(WorkState.FAILED);
                    assertThat(s.get(s.size() - 1))
                            .as("last state of %s", job)
                            .isEqualTo(WorkState.DONE);
                });

        // each epoch's checkpoint once per job
        Map<String, List<Integer>> epochs =
                Topics.studentCheckpoints(deployment.topics()).stream()
                        .collect(
                                Collectors.groupingBy(
                                        Topics.StudentCheckpoint::jobId,
                                        TreeMap::new,
                                        Collectors.mapping(
                                                Topics.StudentCheckpoint::epoch,
                                                Collectors.toList())));
        List<Integer> oneEach = IntStream.rangeClosed(1, EPOCHS).boxed().toList();
        epochs.forEach(
                (job, e) ->
                        assertThat(e.stream().sorted().toList())
                                .as("epochs checkpointed by %s", job)
                                .isEqualTo(oneEach));
        for (ServiceProcess s : services) {
            assertThat(s.isAlive()).as(s.name() + " alive").isTrue();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
