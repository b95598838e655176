package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: {@code kill -9} of the teacher while it streams, then a restart. The stale run must
 * end FAILED, a new run must complete from the checkpoint the killed teacher had already published
 * (not a second training), and the evaluator must start exactly one standard experiment, for the
 * complete run. A further restart must leave everything as it is.
 */
class TeacherCrashIT {

    /** One epoch on all 60,000 images, streamed 8 images a record: a stream of a few seconds. */
    private static final Map<String, String> TEACHER =
            Map.of("kd.teacher.epochs", "1", "kd.teacher.stream-batch-size", "8");

    private static Deployment deployment;
    private static ServiceProcess evaluator;

    @BeforeAll
    static void start() {
        deployment = new Deployment("teacher-crash");
        deployment.startBroker();
        evaluator =
                deployment.start(
                        "evaluator-service",
                        "evaluator",
                        Map.of("kd.evaluator.standard-experiment.epochs", "1"));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aTeacherKilledMidStreamLeavesOneFailedRunOneCompleteRunAndOneExperiment() {
        ServiceProcess teacher = deployment.start("teacher-service", "teacher", TEACHER);
        // the run's STREAMING manifest is on the topic: the run is in the middle of its stream
        AtomicReference<String> streaming = new AtomicReference<>();
        Awaits.until(
                "the teacher streams",
                Duration.ofMinutes(5),
                () -> {
                    JsonNode status = teacher.getJson("/api/teacher/status");
                    String runId = status.path("currentRunId").asText();
                    RunManifest run = Topics.runs(deployment.topics()).get(runId);
                    if (status.path("phase").asText().equalsIgnoreCase("STREAMING")
                            && run != null
                            && run.status() == RunStatus.STREAMING) {
                        streaming.set(runId);
                        return true;
                    }
                    return false;
                });
        String killedRun = streaming.get();
        teacher.kill();
        assertThat(Topics.runs(deployment.topics()).get(killedRun).status())
                .as("the killed run's last manifest")
                .isEqualTo(RunStatus.STREAMING);
        long killed = System.nanoTime();

        teacher.start();
        teacher.awaitReady();
        Awaits.until(
                "the killed run FAILED and another COMPLETE",
                Duration.ofMinutes(5),
                () -> {
                    Map<String, RunManifest> runs = Topics.runs(deployment.topics());
                    return runs.get(killedRun).status() == RunStatus.FAILED
                            && runs.values().stream()
                                    .anyMatch(r -> r.status() == RunStatus.COMPLETE);
                });
        System.out.printf(
                "fault suite: a complete run %.1f s after the kill -9%n",
                (System.nanoTime() - killed) / 1e9);
        Map<String, RunManifest> runs = Topics.runs(deployment.topics());
        assertThat(runs).hasSize(2);
        String completeRun =
                runs.values().stream()
                        .filter(r -> r.status() == RunStatus.COMPLETE)
                        .findFirst()
                        .orElseThrow()
                        .runId();
        assertThat(runs.get(killedRun).reason()).contains("abandoned");
        // the killed teacher had trained: the restart streams that checkpoint, it does not train
        assertThat(Topics.teacherCheckpoints(deployment.topics()))
                .as("teacher checkpoints (trainings)")
                .isEqualTo(1);

        Awaits.until(
                "the standard experiment's jobs",
                () -> !Topics.jobs(deployment.topics()).isEmpty());
        assertThat(experimentsByRun()).isEqualTo(Map.of(completeRun, Set.of("exp-" + completeRun)));

        // a further restart finds the complete run and does nothing
        assertThat(teacher.stop()).as("the teacher's exit status after SIGTERM").isZero();
        teacher.start();
        teacher.awaitReady();
        Awaits.until(
                "the restarted teacher idle",
                () -> teacher.allLogs().contains("Nothing to do at start"));
        assertThat(Topics.runs(deployment.topics())).hasSize(2);
        assertThat(Topics.teacherCheckpoints(deployment.topics())).isEqualTo(1);
        assertThat(experimentsByRun()).isEqualTo(Map.of(completeRun, Set.of("exp-" + completeRun)));
        assertThat(evaluator.isAlive()).isTrue();
    }

    private static Map<String, Set<String>> experimentsByRun() {
        List<JobSpec> jobs = Topics.jobs(deployment.topics());
        return jobs.stream()
                .collect(
                        Collectors.groupingBy(
                                JobSpec::teacherRunId,
                                Collectors.mapping(JobSpec::experimentId, Collectors.toSet())));
    }
}
