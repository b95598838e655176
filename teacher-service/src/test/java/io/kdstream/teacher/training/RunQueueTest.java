package io.kdstream.teacher.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.kdstream.core.run.RunManifest;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.domain.RunInfo;
import io.kdstream.teacher.domain.RunRequestRejected;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.domain.TeacherProfile;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The teacher's queue bound, through {@link TeacherService#requestRun}: its worker is held at its
 * first task, so requested runs stay queued. Plain JUnit, because a Quarkus test profile would
 * start a second application in this JVM, and libtorch loads in one class loader only.
 */
class RunQueueTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aRequestBeyondMaxQueuedRunsIsRefusedBeforeAnyLookUp() {
        int[] lookUps = {0};
        TeacherService service =
                new TeacherService(
                        config(2), null, null, checkpoints(lookUps), null, heldRunLog(), null);
        // the resolved settings and a plain device: resolving "cpu" would load libtorch into this
        // class loader, which a @QuarkusTest of this JVM may already have done in its own
        service.start(TeacherProfile.QUICK.settings(), Device.cpu());
        try {
            // 1. Two runs fill the queue behind the held worker
            RunInfo first = service.requestRun(Optional.of("teacher-x-e1"), Optional.empty());
            RunInfo second = service.requestRun(Optional.of("teacher-x-e1"), Optional.empty());
            assertThat(service.status().queuedRuns()).isEqualTo(2);

            // 2. The third is refused, naming the setting, without reading the models topic
            assertThatThrownBy(
                            () -> service.requestRun(Optional.of("teacher-x-e1"), Optional.empty()))
                    .isInstanceOf(RunRequestRejected.class)
                    .hasMessageContaining("kd.teacher.max-queued-runs=2")
                    .extracting(e -> ((RunRequestRejected) e).reason())
                    .isEqualTo(RunRequestRejected.Reason.TOO_MANY);
            assertThat(lookUps[0]).isEqualTo(2);
            assertThat(service.runs())
                    .extracting(RunInfo::runId)
                    .containsExactly(first.runId(), second.runId());
        } finally {
            release.countDown();
            service.onStop(null);
        }
    }

    /** A run log whose first call holds the worker until the test ends. */
    private TeacherRunLog heldRunLog() {
        return new TeacherRunLog() {
            @Override
            public List<RunManifest> unfinished() {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }

            @Override
            public List<RunManifest> complete() {
                return List.of();
            }
        };
    }

    /** Every model id is a checkpoint; counts the look-ups. */
    private static TeacherCheckpoints checkpoints(int[] lookUps) {
        return new TeacherCheckpoints() {
            @Override
            public Optional<TeacherCheckpoint> fetch(String modelId) {
                lookUps[0]++;
                return Optional.of(
                        new TeacherCheckpoint(
                                modelId,
                                "teacher-x",
                                "tutorial-teacher",
                                1,
                                1,
                                0.1,
                                null,
                                1,
                                new byte[0],
                                Map.of(),
                                Instant.now()));
            }

            @Override
            public Optional<TeacherCheckpoint> newest(Predicate<TeacherCheckpoint> wanted) {
                return Optional.empty();
            }
        };
    }

    /** The configuration: the quick profile on the CPU, nothing at start, a small queue. */
    private static TeacherConfig config(int maxQueuedRuns) {
        TeacherConfig.Teacher teacher =
                proxy(
                        TeacherConfig.Teacher.class,
                        Map.of(
                                "profile",
                                "quick",
                                "trainLimit",
                                0,
                                "streamBatchSize",
                                128,
                                "runOnStart",
                                false,
                                "reuseFinishedWork",
                                true,
                                "maxQueuedRuns",
                                maxQueuedRuns,
                                "maxFinishedRuns",
                                100,
                                "ackTimeoutSeconds",
                                60));
        return proxy(TeacherConfig.class, Map.of("device", "cpu", "teacher", teacher));
    }

    /** An interface answering from a map by method name; unset optional keys are empty. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T)
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (p, method, args) -> {
                            if (values.containsKey(method.getName())) {
                                return values.get(method.getName());
                            }
                            if (method.getReturnType() == Optional.class) {
                                return Optional.empty();
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }
}
