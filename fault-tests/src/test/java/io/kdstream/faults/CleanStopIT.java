package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: SIGTERM, as {@code docker compose down} and a Kubernetes pod deletion send it, to a
 * worker in the middle of a job and then to the teacher and the evaluator. Each must stop in order
 * within Docker's default grace period (10 s) and exit with status 0; the worker must publish its
 * job as INTERRUPTED on the way out, so that another worker resumes it.
 */
class CleanStopIT {

    /** Docker's default stop timeout, after which it kills (exit status 137). */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static Deployment deployment;
    private static List<ServiceProcess> pipeline;

    @BeforeAll
    static void start() {
        deployment = new Deployment("clean-stop");
        deployment.startBroker();
        // students long enough (20 epochs) to be stopped mid-job
        pipeline = deployment.startPipeline(20, 6000);
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void sigtermStopsEachServiceInOrderWithExitStatusZero() {
        ServiceProcess evaluator = pipeline.get(0);
        ServiceProcess student = pipeline.get(1);
        ServiceProcess teacher = pipeline.get(2);
        Awaits.until(
                "a student job's first checkpoint",
                Duration.ofMinutes(5),
                () -> !Topics.studentCheckpoints(deployment.topics()).isEmpty());

        assertStopsCleanly(student);
        Awaits.until(
                "the interrupted job on training-progress",
                () ->
                        Topics.progress(deployment.topics()).stream()
                                .anyMatch(CleanStopIT::interruptedStudentJob));
        assertStopsCleanly(teacher);
        assertStopsCleanly(evaluator);
    }

    private static void assertStopsCleanly(ServiceProcess service) {
        long t = System.nanoTime();
        int status = service.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        System.out.printf(
                "fault suite: %s stopped in %.1f s, exit status %d%n",
                service, took.toMillis() / 1e3, status);
        assertThat(status).as("%s: exit status after SIGTERM", service).isZero();
        assertThat(took).as("%s: time to stop", service).isLessThan(GRACE);
    }

    private static boolean interruptedStudentJob(TrainingProgress p) {
        return p.getKind() == WorkKind.STUDENT_JOB && p.getState() == WorkState.INTERRUPTED;
    }
}
