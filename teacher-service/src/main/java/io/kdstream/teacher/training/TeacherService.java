package io.kdstream.teacher.training;

import ai.djl.Device;
import io.kdstream.core.messaging.TopicStartup;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.training.DeviceResolver;
import io.kdstream.core.training.TrainingStoppedException;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.config.TeacherSettingsResolver;
import io.kdstream.teacher.domain.Phase;
import io.kdstream.teacher.domain.RunInfo;
import io.kdstream.teacher.domain.RunRequestRejected;
import io.kdstream.teacher.domain.RunRequestRejected.Reason;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.domain.TeacherSettings;
import io.kdstream.teacher.domain.TeacherStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the teacher's work, one piece at a time, on a dedicated worker thread: the training and
 * stream at start, then any re-streams asked for over REST.
 *
 * <p>At start, work an earlier teacher finished with the same settings is not done again ({@link
 * FinishedWork}): a COMPLETE run leaves nothing to do, a trained checkpoint is streamed without
 * training.
 *
 * <p>Start-up only queues the work, so the service is up (and its health endpoints answer) while
 * the teacher trains. Work waits in the worker's queue in the order it was asked for, so two runs
 * never share the CPU and never interleave on the logits topic. On shutdown the running work stops
 * at its next step or batch.
 */
@ApplicationScoped
public class TeacherService {

    private final TeacherConfig config;
    private final TeacherTrainer trainer;
    private final LogitStreamer streamer;
    private final TeacherCheckpoints fetcher;
    private final TeacherEvents publisher;
    private final TeacherRunLog runLog;
    private final FinishedWork finishedWork;
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "teacher-worker");
                        t.setDaemon(true);
                        return t;
                    });

    private final RunBook runs;
    private volatile boolean stopping;
    private volatile TeacherSettings settings;
    private volatile Device device;
    private volatile Phase phase = Phase.IDLE;
    private volatile String trainingId;
    private volatile int epoch;
    private volatile String currentRunId;
    private volatile boolean trainingPending;
    private volatile TeacherCheckpoint latest;

    TeacherService(
            TeacherConfig config,
            TeacherTrainer trainer,
            LogitStreamer streamer,
            TeacherCheckpoints fetcher,
            TeacherEvents publisher,
            TeacherRunLog runLog,
            FinishedWork finishedWork) {
        this.runLog = runLog;
        this.finishedWork = finishedWork;
        this.runs =
                new RunBook(config.teacher().maxQueuedRuns(), config.teacher().maxFinishedRuns());
        this.config = config;
        this.trainer = trainer;
        this.streamer = streamer;
        this.fetcher = fetcher;
        this.publisher = publisher;
    }

    /**
     * Queues the start-up work. Runs after the topics exist ({@link TopicStartup}) and after
     * SmallRye Reactive Messaging connected the emitters (its start-up observer has priority {@code
     * LIBRARY_BEFORE}); an emitter used earlier fails with SRMSG00019.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        // fail fast on a bad configuration, before anything is queued
        start(
                TeacherSettingsResolver.resolve(config.teacher()),
                DeviceResolver.resolve(config.device()));
    }

    /**
     * Queues the start-up work for resolved settings; apart from {@link #onStart}, only tests call
     * it, with a device that loads no engine.
     */
    void start(TeacherSettings resolved, Device on) {
        settings = resolved;
        device = on;
        // first on the worker thread: before this instance publishes a manifest of its own
        worker.execute(this::abandonUnfinishedRuns);
        Optional<String> restream = config.teacher().restreamModelId().filter(s -> !s.isBlank());
        int limit = settings.trainLimit();
        if (restream.isPresent()) {
            String modelId = restream.get();
            RunInfo run = register(RunInfo.queued(newRunId(), modelId, limit));
            Log.infof(
                    "kd.teacher.restream-model-id=%s: run %s streams it without training",
                    modelId, run.runId());
            submit(run, () -> fetchAndStream(run.runId(), modelId, limit));
        } else if (config.teacher().runOnStart()) {
            trainingPending = true;
            worker.execute(this::startUp);
        } else {
            Log.info("kd.teacher.run-on-start=false: waiting for POST /api/teacher/runs");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // the running work sees the flag at its next step or batch and publishes its FAILED
        // manifest; interrupting it would cut that send short, so interrupt only as a last resort
        stopping = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                Log.warn("The teacher's worker did not stop within 10 s: interrupting it");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues a re-stream of an existing checkpoint.
     *
     * @param modelId the checkpoint to stream; empty for the last one this instance trained
     * @param trainLimit images to stream; empty for {@code kd.teacher.train-limit}, 0 for all
     * @return the queued run
     * @throws RunRequestRejected if the request is invalid, the checkpoint is unknown, or there is
     *     nothing to stream yet
     */
    public RunInfo requestRun(Optional<String> modelId, Optional<Integer> trainLimit) {
        if (settings == null) {
            throw new RunRequestRejected(Reason.UNAVAILABLE, "the teacher-service is starting");
        }
        // before the look-up on the models topic: a request that cannot queue costs nothing
        runs.requireRoom();
        int limit = trainLimit.orElse(settings.trainLimit());
        try {
            TeacherSettingsResolver.requireTrainLimit(limit, "trainLimit");
        } catch (IllegalArgumentException e) {
            throw new RunRequestRejected(Reason.INVALID, e.getMessage());
        }
        TeacherCheckpoint checkpoint;
        if (modelId.isPresent()) {
            String id = modelId.get().trim();
            if (id.isEmpty()) {
                throw new RunRequestRejected(
                        Reason.INVALID,
                        "modelId must not be blank; leave it out to stream the latest checkpoint");
            }
            checkpoint = fetch(id);
        } else {
            checkpoint = latest;
            if (checkpoint == null) {
                throw new RunRequestRejected(
                        Reason.CONFLICT,
                        trainingPending
                                ? "the teacher is still training: no checkpoint to stream yet;"
                                        + " retry when GET /api/teacher/status shows a"
                                        + " latestModelId, or pass a modelId"
                                : "this instance has trained no teacher (kd.teacher.run-on-start"
                                        + " is false): pass the modelId of a checkpoint on the"
                                        + " models topic");
            }
        }
        RunInfo run = runs.enqueue(RunInfo.queued(newRunId(), checkpoint.modelId(), limit));
        Log.infof(
                "Run %s requested: stream %s images through %s",
                run.runId(), limit == 0 ? "all" : String.valueOf(limit), checkpoint.modelId());
        TeacherCheckpoint chosen = checkpoint;
        submit(run, () -> stream(run.runId(), chosen, limit));
        return run;
    }

    /** Returns the runs started by this instance, oldest first. */
    public List<RunInfo> runs() {
        return runs.all();
    }

    /** Returns one run started by this instance. */
    public Optional<RunInfo> run(String runId) {
        return runs.get(runId);
    }

    /** Returns what the teacher is doing. */
    public TeacherStatus status() {
        TeacherSettings s = settings;
        TeacherCheckpoint last = latest;
        int queued = runs.queued();
        return new TeacherStatus(
                phase.name().toLowerCase(Locale.ROOT),
                s == null ? null : s.profile(),
                device == null ? null : device.toString(),
                trainingId,
                epoch,
                s == null ? 0 : s.epochs(),
                currentRunId,
                last == null ? null : last.modelId(),
                last == null ? null : last.testAccuracy(),
                queued);
    }

    /**
     * The start-up work, on the worker thread: reuse what an earlier teacher with the same settings
     * finished ({@link FinishedWork}), else train and stream.
     */
    private void startUp() {
        if (stopping) {
            return;
        }
        int limit = settings.trainLimit();
        Optional<FinishedWork.Found> found = findFinishedWork();
        if (found.isPresent() && found.get().completeRun() != null) {
            TeacherCheckpoint checkpoint = found.get().checkpoint();
            latest = checkpoint;
            trainingPending = false;
            Log.infof(
                    "Nothing to do at start: run %s already streamed %s, the last checkpoint of a"
                            + " teacher trained with these settings (%s). To stream it again, POST"
                            + " /api/teacher/runs; to train a new teacher, set"
                            + " kd.teacher.reuse-finished-work=false"
                            + " (KD_TEACHER_REUSE_FINISHED_WORK) or change a setting",
                    found.get().completeRun().runId(),
                    checkpoint.modelId(),
                    checkpoint.hyperparameters());
            return;
        }
        if (found.isPresent()) {
            TeacherCheckpoint checkpoint = found.get().checkpoint();
            latest = checkpoint;
            trainingPending = false;
            RunInfo run = register(RunInfo.queued(newRunId(), checkpoint.modelId(), limit));
            Log.infof(
                    "%s, the last checkpoint of a teacher trained with these settings, was never"
                            + " streamed completely (a teacher stopped after training): run %s"
                            + " streams it without training",
                    checkpoint.modelId(), run.runId());
            guarded(run, () -> stream(run.runId(), checkpoint, limit)).run();
            return;
        }
        RunInfo run = register(RunInfo.queued(newRunId(), null, limit));
        guarded(run, () -> trainThenStream(run.runId())).run();
    }

    private Optional<FinishedWork.Found> findFinishedWork() {
        if (!config.teacher().reuseFinishedWork()) {
            Log.info("kd.teacher.reuse-finished-work=false: training a new teacher");
            return Optional.empty();
        }
        try {
            return finishedWork.find(settings);
        } catch (RuntimeException e) {
            // the training publishes to the same broker, and fails there if it is away for good
            Log.warnf("Could not look for an earlier teacher's work (%s): training anew", e);
            return Optional.empty();
        }
    }

    private void trainThenStream(String runId) {
        String id = "teacher-" + shortId();
        trainingId = id;
        epoch = 0;
        phase = Phase.TRAINING;
        TeacherCheckpoint checkpoint;
        try {
            checkpoint = trainer.train(id, settings, device, () -> stopping, e -> epoch = e);
            latest = checkpoint;
        } catch (RuntimeException e) {
            boolean interrupted = e instanceof TrainingStoppedException;
            String reason =
                    (interrupted ? "teacher training interrupted: " : "teacher training failed: ")
                            + e.getMessage();
            if (interrupted) {
                Log.warnf("Teacher training %s: %s", id, reason);
            } else {
                Log.errorf(e, "Teacher training %s: %s", id, reason);
            }
            publisher.progressNow(
                    ProgressUpdate.teacherTrainingStatus(
                            id,
                            interrupted
                                    ? ProgressUpdate.State.INTERRUPTED
                                    : ProgressUpdate.State.FAILED,
                            epoch,
                            settings.epochs(),
                            reason));
            streamer.failBeforeStart(runId, "", reason);
            update(runId, r -> r.failed(reason));
            return;
        } finally {
            trainingPending = false;
            phase = Phase.IDLE;
        }
        stream(runId, checkpoint, settings.trainLimit());
    }

    /**
     * Closes the runs an earlier teacher left STREAMING (it was killed mid-stream): their logits
     * are incomplete and no teacher will finish them, so they are marked FAILED and students and
     * the evaluator stop waiting. There is one teacher per deployment, so a STREAMING run at start
     * is never another instance's live run.
     */
    private void abandonUnfinishedRuns() {
        try {
            for (RunManifest run : runLog.unfinished()) {
                publisher.publishManifest(
                        run.failed(
                                "abandoned: the teacher-service restarted while this run was"
                                        + " streaming, so its logits are incomplete"));
                Log.warnf(
                        "Run %s was left STREAMING by an earlier teacher: now FAILED", run.runId());
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not close abandoned runs: %s", e.toString());
        }
    }

    private void fetchAndStream(String runId, String modelId, int limit) {
        TeacherCheckpoint checkpoint;
        try {
            checkpoint = fetch(modelId);
        } catch (RunRequestRejected e) {
            Log.errorf("Run %s FAILED: %s", runId, e.getMessage());
            streamer.failBeforeStart(runId, modelId, e.getMessage());
            update(runId, r -> r.failed(e.getMessage()));
            return;
        }
        stream(runId, checkpoint, limit);
    }

    private void stream(String runId, TeacherCheckpoint checkpoint, int limit) {
        phase = Phase.STREAMING;
        currentRunId = runId;
        try {
            LogitStreamer.StreamResult result =
                    streamer.stream(
                            runId,
                            checkpoint,
                            limit,
                            config.teacher().streamBatchSize(),
                            device,
                            settings == null ? null : settings.profile(),
                            () -> stopping,
                            (model, samples, batches) ->
                                    update(runId, r -> r.streaming(model, samples, batches)));
            update(runId, r -> r.complete(result.imagesPerSecond()));
        } catch (LogitStreamer.StreamFailedException e) {
            update(runId, r -> r.failed(e.getMessage()));
        } finally {
            currentRunId = null;
            phase = Phase.IDLE;
        }
    }

    private TeacherCheckpoint fetch(String modelId) {
        Optional<TeacherCheckpoint> found;
        try {
            found = fetcher.fetch(modelId);
        } catch (IllegalArgumentException e) {
            throw new RunRequestRejected(Reason.INVALID, e.getMessage());
        } catch (RuntimeException e) {
            throw new RunRequestRejected(
                    Reason.UNAVAILABLE, "cannot read the models topic: " + e.getMessage());
        }
        return found.orElseThrow(
                () ->
                        new RunRequestRejected(
                                Reason.NOT_FOUND,
                                "no checkpoint with modelId '"
                                        + modelId
                                        + "' on "
                                        + config.topics().prefix()
                                        + "models"));
    }

    private void submit(RunInfo run, Runnable work) {
        try {
            worker.execute(guarded(run, work));
        } catch (RejectedExecutionException e) {
            update(run.runId(), r -> r.failed("the teacher-service is shutting down"));
            throw new RunRequestRejected(
                    Reason.UNAVAILABLE, "the teacher-service is shutting down");
        }
    }

    /** Wraps a run's work for the worker: skipped after shutdown, failures recorded on the run. */
    private Runnable guarded(RunInfo run, Runnable work) {
        return () -> {
            if (stopping) {
                // queued behind the work that was running at shutdown: never started
                update(run.runId(), r -> r.failed("the teacher-service stopped"));
                return;
            }
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                // an executor swallows what escapes its task: say it here
                Log.errorf(e, "Run %s failed unexpectedly", run.runId());
                update(run.runId(), r -> r.failed(String.valueOf(e)));
                if (e instanceof Error error) {
                    throw error;
                }
            }
        };
    }

    private RunInfo register(RunInfo run) {
        return runs.add(run);
    }

    private void update(String runId, java.util.function.UnaryOperator<RunInfo> change) {
        runs.update(runId, change);
    }

    private static String newRunId() {
        return "run-" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
