package io.kdstream.teacher.training;

import ai.djl.Device;
import ai.djl.Model;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Stand-ins for the Kafka look-ups of the teacher's worker, for {@link RunQueueTest}: the run log
 * holds the worker at its first task until the test releases it, so requested runs stay queued; any
 * model id is a checkpoint of freshly initialised weights.
 */
final class BlockedWorker {

    /** Counted down by the test to let the worker go on. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private BlockedWorker() {}

    /** A run log that blocks the worker's first task, closing abandoned runs. */
    @Alternative
    @ApplicationScoped
    static class BlockingRunLog implements TeacherRunLog {

        @Override
        public List<RunManifest> unfinished() {
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }

        @Override
        public List<RunManifest> complete() {
            return List.of();
        }
    }

    /** Every model id names an untrained teacher checkpoint. */
    @Alternative
    @ApplicationScoped
    static class AnyCheckpoint implements TeacherCheckpoints {

        @Override
        public Optional<TeacherCheckpoint> fetch(String modelId) {
            try (Model model =
                    ClassifierTrainer.newModel(
                            "tutorial-teacher", WeightInit.PYTORCH_DEFAULT, Device.cpu())) {
                return Optional.of(
                        new TeacherCheckpoint(
                                modelId,
                                "teacher-fake",
                                "tutorial-teacher",
                                1,
                                1,
                                0.1,
                                null,
                                Architecture.countParameters(model.getBlock()),
                                Checkpoints.toBytes(model.getBlock()),
                                Map.of(),
                                Instant.now()));
            }
        }

        @Override
        public Optional<TeacherCheckpoint> newest(Predicate<TeacherCheckpoint> wanted) {
            return Optional.empty();
        }
    }
}
