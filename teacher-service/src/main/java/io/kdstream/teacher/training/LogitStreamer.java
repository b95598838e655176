package io.kdstream.teacher.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.config.TeacherSettingsResolver;
import io.kdstream.teacher.domain.OffsetTracker;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Streams the training images through a teacher checkpoint: one TeacherLogitBatch per batch of
 * images, in index order, between a STREAMING and a COMPLETE manifest.
 *
 * <p>The STREAMING manifest is acknowledged before the first batch is sent. Batches are then
 * computed one forward pass at a time and sent without waiting (at most {@value #MAX_IN_FLIGHT}
 * unacknowledged), so inference overlaps with the producer's I/O; each acknowledgement's partition
 * and offset is recorded. Once every batch is acknowledged, the COMPLETE manifest lists [first,
 * last + 1) per partition. Any failure publishes a FAILED manifest with the reason.
 */
@ApplicationScoped
public class LogitStreamer {

    /** Batches sent but not yet acknowledged, at most. */
    static final int MAX_IN_FLIGHT = 64;

    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long ACK_TIMEOUT_SECONDS = 120;

    private final TeacherEvents publisher;
    private final Path dataDir;
    private final String logitsTopic;

    LogitStreamer(TeacherEvents publisher, TeacherConfig config) {
        this.publisher = publisher;
        this.dataDir = Path.of(config.data().dir());
        this.logitsTopic = config.topics().prefix() + KdTopics.TEACHER_LOGITS;
    }

    /** The outcome of a complete run. */
    public record StreamResult(RunManifest manifest, double seconds, double imagesPerSecond) {}

    /**
     * Streams the first {@code trainLimit} training images through a checkpoint.
     *
     * @param runId the new run's id
     * @param checkpoint the teacher checkpoint; its test accuracy is measured if unknown
     * @param trainLimit the number of training images; 0 means all
     * @param batchSize images per batch record
     * @param device where to run the teacher
     * @param profile the teacher's training profile, recorded in the manifest: the evaluator's
     *     standard experiment follows it
     * @param stop polled between batches; the run fails when it returns {@code true}
     * @param onStart told the planned sample and batch counts once the STREAMING manifest is out
     * @return the COMPLETE manifest and the streaming rate
     * @throws StreamFailedException if the run failed; its FAILED manifest was published (or at
     *     least attempted)
     */
    public StreamResult stream(
            String runId,
            TeacherCheckpoint checkpoint,
            int trainLimit,
            int batchSize,
            Device device,
            String profile,
            BooleanSupplier stop,
            StartListener onStart) {
        RunManifest manifest = null;
        try {
            MnistSplit split = TeacherSettingsResolver.limit(Mnist.train(dataDir), trainLimit);
            int classes = ArchitectureRegistry.get(checkpoint.architecture()).numClasses();
            try (Model model =
                    Checkpoints.newModel(
                            checkpoint.architecture(), device, checkpoint.parameters())) {
                Double accuracy = testAccuracy(checkpoint, model);
                // resize (28 -> 32) before the clock starts: it is data loading, not streaming
                split.pixels32();
                manifest =
                        streamingManifest(runId, checkpoint, split, batchSize, accuracy, profile);
                return publishAndStream(manifest, model, split, classes, stop, onStart);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(runId, checkpoint, manifest, "interrupted", e);
        } catch (ExecutionException e) {
            throw fail(runId, checkpoint, manifest, describe(e.getCause()), e.getCause());
        } catch (MalformedModelException | RuntimeException | TimeoutException e) {
            throw fail(runId, checkpoint, manifest, describe(e), e);
        }
    }

    /** The checkpoint's test accuracy, measured now when it does not carry one. */
    private Double testAccuracy(TeacherCheckpoint checkpoint, Model model) {
        Double accuracy = checkpoint.testAccuracy();
        if (accuracy == null) {
            accuracy =
                    ClassifierInference.evaluate(
                                    model, Mnist.test(dataDir), TeacherTrainer.EVAL_BATCH)
                            .accuracy();
            Log.infof(
                    "Teacher checkpoint %s: test accuracy %.2f%%",
                    checkpoint.modelId(), accuracy * 100);
        }
        return accuracy;
    }

    private RunManifest streamingManifest(
            String runId,
            TeacherCheckpoint checkpoint,
            MnistSplit split,
            int batchSize,
            Double accuracy,
            String profile) {
        int n = split.size();
        return new RunManifest(
                runId,
                checkpoint.architecture(),
                checkpoint.modelId(),
                split.fingerprint(),
                n,
                batchSize,
                (n + batchSize - 1) / batchSize,
                RunStatus.STREAMING,
                logitsTopic,
                List.of(),
                accuracy,
                null,
                Instant.now(),
                profile);
    }

    /**
     * Publishes the STREAMING manifest, streams every batch of the split and publishes the COMPLETE
     * manifest once all are acknowledged.
     */
    private StreamResult publishAndStream(
            RunManifest manifest,
            Model model,
            MnistSplit split,
            int classes,
            BooleanSupplier stop,
            StartListener onStart)
            throws InterruptedException, ExecutionException, TimeoutException {
        String runId = manifest.runId();
        int n = manifest.sampleCount();
        int batchCount = manifest.batchCount();
        long start = System.nanoTime();
        publisher.publishManifest(manifest);
        onStart.started(manifest.teacherModelId(), n, batchCount);
        Log.infof(
                "Teacher run %s: streaming %d images in %d batches of %d through %s to %s",
                runId, n, batchCount, manifest.batchSize(), manifest.teacherModelId(), logitsTopic);
        OffsetTracker offsets =
                sendBatches(runId, model, split, manifest.batchSize(), batchCount, classes, stop);
        requireEveryBatchAcknowledged(offsets, batchCount);
        warnIfInterleaved(runId, offsets);
        RunManifest complete = manifest.complete(offsets.ranges());
        publisher.publishManifest(complete);
        return completed(complete, start);
    }

    private static void requireEveryBatchAcknowledged(OffsetTracker offsets, int batchCount) {
        if (offsets.count() != batchCount) {
            throw new IllegalStateException(
                    offsets.count() + " of " + batchCount + " batches acknowledged");
        }
    }

    private void warnIfInterleaved(String runId, OffsetTracker offsets) {
        if (!offsets.contiguous()) {
            Log.warnf(
                    "Teacher run %s: another producer wrote to %s while it streamed; its offset"
                            + " ranges %s also hold other runs' records",
                    runId, logitsTopic, offsets.ranges());
        }
    }

    /** Logs and publishes the end of a run whose COMPLETE manifest is out. */
    private StreamResult completed(RunManifest complete, long start) {
        int n = complete.sampleCount();
        int batchCount = complete.batchCount();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = n / Math.max(seconds, 1e-9);
        Log.infof(
                "Teacher run %s COMPLETE: %d images, %d batches in %.2f s (%.0f images/s),"
                        + " offsets %s",
                complete.runId(), n, batchCount, seconds, rate, complete.offsets());
        publisher.progressNow(ProgressUpdate.streamingDone(complete.runId(), batchCount, rate));
        return new StreamResult(complete, seconds, rate);
    }

    /**
     * Publishes a FAILED manifest for a run that could not start, such as one whose checkpoint was
     * not found.
     *
     * @param runId the run id
     * @param modelId the checkpoint that was asked for
     * @param reason why the run failed
     */
    public void failBeforeStart(String runId, String modelId, String reason) {
        publishFailed(
                new RunManifest(
                        runId,
                        "unknown",
                        modelId,
                        "",
                        0,
                        0,
                        0,
                        RunStatus.FAILED,
                        logitsTopic,
                        List.of(),
                        null,
                        reason,
                        Instant.now(),
                        null),
                reason);
    }

    private OffsetTracker sendBatches(
            String runId,
            Model model,
            MnistSplit split,
            int batchSize,
            int batchCount,
            int classes,
            BooleanSupplier stop)
            throws InterruptedException, ExecutionException, TimeoutException {
        Sends sends = new Sends(batchCount);
        int n = split.size();
        long start = System.nanoTime();
        long lastLog = start;
        for (int b = 0; b < batchCount; b++) {
            if (stop.getAsBoolean()) {
                throw new StoppedException();
            }
            sends.throwIfOneFailed();
            int from = b * batchSize;
            int to = Math.min(n, from + batchSize);
            sends.send(logitBatch(runId, model, split, b, batchCount, from, to, classes));
            long now = System.nanoTime();
            double rate = to / Math.max((now - start) / 1e9, 1e-9);
            if (now - lastLog >= LOG_INTERVAL_NANOS) {
                lastLog = now;
                Log.infof(
                        "Teacher run %s: batch %d/%d, %.0f images/s",
                        runId, b + 1, batchCount, rate);
            }
            publisher.progress(
                    ProgressUpdate.streamingBatch(runId, b + 1, batchCount, rate, (n - to) / rate));
        }
        return sends.awaitAll();
    }

    /** Runs images [from, to) of the split through the teacher, one forward pass. */
    private static LogitBatch logitBatch(
            String runId,
            Model model,
            MnistSplit split,
            int b,
            int batchCount,
            int from,
            int to,
            int classes) {
        // (batch, classes)
        float[] logits = ClassifierInference.predictLogits(model, split, from, to, to - from);
        int[] indices = new int[to - from];
        for (int i = from; i < to; i++) {
            indices[i - from] = i;
        }
        return new LogitBatch(
                runId,
                b,
                batchCount,
                indices,
                Arrays.copyOfRange(split.labels(), from, to),
                Arrays.copyOfRange(
                        split.rawImages(),
                        from * Preprocessing.SRC_PIXELS,
                        to * Preprocessing.SRC_PIXELS),
                logits,
                classes);
    }

    private StreamFailedException fail(
            String runId,
            TeacherCheckpoint checkpoint,
            RunManifest manifest,
            String reason,
            Throwable cause) {
        if (cause instanceof StoppedException) {
            Log.warnf("Teacher run %s FAILED: %s", runId, reason);
        } else {
            Log.errorf(cause, "Teacher run %s FAILED: %s", runId, reason);
        }
        RunManifest failed =
                manifest != null
                        ? manifest.failed(reason)
                        : new RunManifest(
                                runId,
                                checkpoint.architecture(),
                                checkpoint.modelId(),
                                "",
                                0,
                                0,
                                0,
                                RunStatus.FAILED,
                                logitsTopic,
                                List.of(),
                                checkpoint.testAccuracy(),
                                reason,
                                Instant.now(),
                                null);
        publishFailed(failed, reason);
        return new StreamFailedException(reason, cause);
    }

    private void publishFailed(RunManifest failed, String reason) {
        try {
            publisher.publishManifest(failed);
        } catch (RuntimeException e) {
            Log.errorf(e, "Teacher run %s: could not publish its FAILED manifest", failed.runId());
        }
        publisher.progressNow(
                ProgressUpdate.streamingFailed(failed.runId(), failed.batchCount(), reason));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Told when a run's STREAMING manifest is on the broker. */
    @FunctionalInterface
    public interface StartListener {

        /**
         * Called once per run.
         *
         * @param modelId the checkpoint streamed
         * @param sampleCount images to stream
         * @param batchCount batch records to publish
         */
        void started(String modelId, int sampleCount, int batchCount);
    }

    /**
     * The batches of a run sent without waiting: at most {@value #MAX_IN_FLIGHT} unacknowledged,
     * each acknowledgement's position recorded, the first failure kept for the sending loop.
     */
    private final class Sends {

        private final OffsetTracker offsets = new OffsetTracker();
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<CompletableFuture<TeacherEvents.Position>> futures;

        Sends(int batchCount) {
            this.futures = new ArrayList<>(batchCount);
        }

        void throwIfOneFailed() throws ExecutionException {
            Throwable failed = failure.get();
            if (failed != null) {
                throw new ExecutionException("batch send failed", failed);
            }
        }

        /** Sends a batch once fewer than the maximum are in flight. */
        void send(LogitBatch batch) throws InterruptedException {
            inFlight.acquire();
            futures.add(
                    publisher
                            .publishBatch(batch)
                            .whenComplete(
                                    (position, error) -> {
                                        inFlight.release();
                                        if (error != null) {
                                            failure.compareAndSet(null, error);
                                        } else {
                                            offsets.record(position.partition(), position.offset());
                                        }
                                    }));
        }

        /** Waits for every acknowledgement and returns their positions. */
        OffsetTracker awaitAll() throws InterruptedException, ExecutionException, TimeoutException {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return offsets;
        }
    }

    /** Ends a run between two batches when the service shuts down. */
    private static final class StoppedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("the teacher-service is shutting down");
        }
    }

    /** A run that ended FAILED; its manifest says why. */
    public static final class StreamFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StreamFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
