package io.kdstream.student.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.JobValidator;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TransientErrors;
import io.kdstream.core.metrics.TrainingMeters;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.progress.ProgressUpdate.Kind;
import io.kdstream.core.progress.ProgressUpdate.State;
import io.kdstream.core.progress.StepLog;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.DeviceResolver;
import io.kdstream.core.training.EpochCheckpoint;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.ResumePoint;
import io.kdstream.core.training.StepProgress;
import io.kdstream.core.training.TrainingSpec;
import io.kdstream.core.training.TrainingSummary;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.JobOutcome;
import io.kdstream.student.domain.StudentCheckpoint;
import io.kdstream.student.metrics.StudentMetrics;
import io.kdstream.student.training.JobControl.RunningJob;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one student job from its record to its final status: validation, the teacher run, resume
 * from the job's latest checkpoint, training on the replayed logits, a checkpoint per epoch.
 *
 * <p>Every way a job can end is published on the training-progress topic: REJECTED (the job is
 * invalid; nothing was trained), DONE, FAILED (with the reason) or INTERRUPTED (stopped by a
 * shutdown or a lost lock; the next worker to take the job resumes it). A worker whose lease on the
 * job has expired publishes nothing more: the job may be another worker's by then. The returned
 * {@link JobOutcome} tells the queue whether to accept or release the record. Nothing here throws:
 * a job can never crash the worker.
 */
@ApplicationScoped
public class StudentJobService {

    private final JobEvents publisher;
    private final TeacherRuns teacherRuns;
    private final JobCheckpoints checkpoints;
    private final LogitReplays replays;
    private final String deviceSetting;
    private final int shuffleBufferBatches;
    private final String runsTopic;
    private final StudentMetrics metrics;

    StudentJobService(
            JobEvents publisher,
            TeacherRuns teacherRuns,
            JobCheckpoints checkpoints,
            LogitReplays replays,
            StudentConfig config,
            StudentMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.teacherRuns = teacherRuns;
        this.checkpoints = checkpoints;
        this.replays = replays;
        this.deviceSetting = config.device();
        this.shuffleBufferBatches = config.student().shuffleBufferBatches();
        this.runsTopic = config.topics().prefix() + KdTopics.TEACHER_RUNS;
    }

    /**
     * Runs a job on the calling thread.
     *
     * @param job the job as received
     * @param handle the job's registration with {@link JobControl}, whose stop flag ends it early
     * @return how the job ended
     */
    public JobOutcome run(JobSpec job, RunningJob handle) {
        try {
            List<String> violations =
                    JobValidator.violations(job).stream().map(Object::toString).toList();
            if (!violations.isEmpty()) {
                return reject(job, String.join("; ", violations));
            }
            Optional<RunManifest> found = teacherRuns.find(job.teacherRunId());
            String runProblem = teacherRunProblem(job, found);
            if (runProblem != null) {
                return reject(job, runProblem);
            }
            if (notStarted(job, handle)) {
                return JobOutcome.SKIPPED;
            }
            List<StudentCheckpoint> saved = checkpoints.newestFirst(job.jobId());
            if (!saved.isEmpty() && saved.get(0).epoch() >= job.epochs()) {
                return alreadyDone(job, saved.get(0));
            }
            if (notStarted(job, handle)) {
                return JobOutcome.SKIPPED;
            }
            return train(job, found.get(), saved, handle);
        } catch (RuntimeException e) {
            return TransientErrors.isTransient(e)
                    ? release(job, describe(e))
                    : fail(job, describe(e), e);
        }
    }

    /**
     * Ends a delivery that Kafka's absence cut short: the job is not wrong, so it is released, not
     * failed, and its next delivery (on any worker, once the broker answers) resumes from its last
     * checkpoint. Each release spends one of the job's deliveries ({@code
     * kd.student.delivery-limit}).
     */
    private JobOutcome release(JobSpec job, String reason) {
        Log.warnf(
                "Job %s released, Kafka unavailable (%s): its next delivery resumes from its last"
                        + " checkpoint",
                job.jobId(), reason);
        // best effort and without waiting: the broker may well still be away
        publisher.progressNow(
                ProgressUpdate.status(job, State.INTERRUPTED, 0, "Kafka unavailable: " + reason));
        return JobOutcome.STOPPED;
    }

    /**
     * Says why a job cannot replay its teacher run, if it cannot.
     *
     * @return the reason to reject the job, or {@code null} for a COMPLETE run with records
     */
    private String teacherRunProblem(JobSpec job, Optional<RunManifest> found) {
        if (found.isEmpty()) {
            return "teacherRunId '"
                    + job.teacherRunId()
                    + "' is unknown: no manifest on "
                    + runsTopic;
        }
        RunManifest run = found.get();
        if (!run.isComplete()) {
            return "teacherRunId '"
                    + run.runId()
                    + "' is "
                    + run.status()
                    + "; a job needs a COMPLETE teacher run";
        }
        if (run.sampleCount() < 1 || run.offsets().isEmpty()) {
            return "teacherRunId '" + run.runId() + "' has no logit records to replay";
        }
        return null;
    }

    /** Whether the job was stopped before it started, which leaves it for another worker. */
    private static boolean notStarted(JobSpec job, RunningJob handle) {
        if (handle.stopRequested().getAsBoolean()) {
            Log.infof("Job %s not started: %s", job.jobId(), handle.stopReason());
            return true;
        }
        return false;
    }

    private JobOutcome alreadyDone(JobSpec job, StudentCheckpoint latest) {
        Log.infof(
                "Job %s already has its final checkpoint %s: DONE", job.jobId(), latest.modelId());
        publisher.progressAndWait(ProgressUpdate.status(job, State.DONE, job.epochs()));
        return JobOutcome.DONE;
    }

    private JobOutcome train(
            JobSpec job, RunManifest run, List<StudentCheckpoint> saved, RunningJob handle) {
        Device device = DeviceResolver.resolve(deviceSetting);
        TrainingSpec spec = JobValidator.trainingSpec(job, device);
        Architecture arch = ArchitectureRegistry.get(spec.architecture());
        Resumed resumed = resume(job, spec, saved);
        Optional<StudentCheckpoint> latest = resumed.from();
        ResumePoint resume =
                latest.map(c -> new ResumePoint(c.epoch(), c.optimizerState()))
                        .orElse(ResumePoint.START);
        try (Model model = resumed.model();
                LogitReplay replay =
                        replays.open(run, job, arch.numClasses(), handle.stopRequested())) {
            long parameterCount = Architecture.countParameters(model.getBlock());
            logStart(job, run, spec, device, latest);
            publisher.progressNow(
                    ProgressUpdate.jobStarted(
                            job, resume.completedEpochs() + 1, replay.stepsPerEpoch()));
            JobListener listener =
                    new JobListener(
                            handle,
                            job,
                            run,
                            spec,
                            device,
                            parameterCount,
                            hyperparameters(job, run, device, replay.samplesPerEpoch()),
                            resume.completedEpochs());
            TrainingSummary summary =
                    ClassifierTrainer.fit(
                            model, spec, replay, resume, handle.stopRequested(), listener);
            warnOfDeadLetters(job, run, replay);
            return finish(job, handle, summary, listener.lastEpoch, replay);
        }
    }

    /** The model a job trains, and the checkpoint it resumes from, if any. */
    private record Resumed(Model model, Optional<StudentCheckpoint> from) {}

    /**
     * Loads the newest of a job's checkpoints that loads: a corrupt latest one (truncated, of
     * another architecture, with a forged layout) costs the epochs since the one before it, not the
     * job. With none that loads, the job trains from the start.
     */
    private static Resumed resume(JobSpec job, TrainingSpec spec, List<StudentCheckpoint> saved) {
        for (StudentCheckpoint checkpoint : saved) {
            try {
                return new Resumed(newModel(spec, checkpoint), Optional.of(checkpoint));
            } catch (MalformedModelException e) {
                Log.warnf(
                        "Job %s: checkpoint %s does not load (%s); trying the one before",
                        job.jobId(), checkpoint.modelId(), e.getMessage());
            }
        }
        if (!saved.isEmpty()) {
            Log.warnf(
                    "Job %s: none of its %d checkpoints loads; it trains from the start",
                    job.jobId(), saved.size());
        }
        return new Resumed(ClassifierTrainer.newModel(spec), Optional.empty());
    }

    private static void logStart(
            JobSpec job,
            RunManifest run,
            TrainingSpec spec,
            Device device,
            Optional<StudentCheckpoint> latest) {
        Log.infof(
                "Job %s (experiment %s) on %s: %s, loss %s (alpha %s, T %s), %d epochs, batch"
                        + " %d, lr %s, momentum %s, seed %d; teacher run %s, %d images in %d"
                        + " records%s%s",
                job.jobId(),
                job.experimentId(),
                device,
                spec.architecture(),
                spec.lossMode().configName(),
                job.alpha(),
                job.temperature(),
                job.epochs(),
                job.batchSize(),
                job.learningRate(),
                job.momentum(),
                job.seed(),
                run.runId(),
                run.sampleCount(),
                run.batchCount(),
                job.transferSet().full() ? "" : "; transfer set: " + job.transferSet().describe(),
                latest.map(c -> "; resuming after epoch " + c.epoch() + " from " + c.modelId())
                        .orElse(""));
    }

    private static void warnOfDeadLetters(JobSpec job, RunManifest run, LogitReplay replay) {
        if (replay.deadLettered() > 0) {
            Log.warnf(
                    "Job %s: %d malformed logit records of run %s went to the dead-letter topic",
                    job.jobId(), replay.deadLettered(), run.runId());
        }
    }

    /**
     * Publishes how a training that returned ended, if the job is still this worker's.
     *
     * @param lastEpoch the epochs with a published checkpoint
     */
    private JobOutcome finish(
            JobSpec job,
            RunningJob handle,
            TrainingSummary summary,
            int lastEpoch,
            LogitReplay replay) {
        if (summary.stopped()) {
            return interrupt(job, handle, summary, lastEpoch);
        }
        if (!handle.leaseValid()) {
            // paused past the lock: another worker may train the job now; its status wins
            Log.warnf(
                    "Job %s trained to its end, but its lock expired meanwhile: no DONE from"
                            + " this worker",
                    job.jobId());
            return JobOutcome.STOPPED;
        }
        return done(job, summary, replay);
    }

    private JobOutcome interrupt(
            JobSpec job, RunningJob handle, TrainingSummary summary, int lastEpoch) {
        String reason = handle.stopReason() != null ? handle.stopReason() : summary.stopReason();
        if (!handle.leaseValid()) {
            // the job may be another worker's now: its status is not ours to write
            Log.warnf(
                    "Job %s stopped after %d steps: %s; nothing more is published for it",
                    job.jobId(), summary.steps(), reason);
            return JobOutcome.STOPPED;
        }
        Log.infof(
                "Job %s INTERRUPTED after %d steps: %s; its next owner resumes it from epoch %d",
                job.jobId(), summary.steps(), reason, lastEpoch + 1);
        try {
            publisher.progressAndWait(
                    ProgressUpdate.status(job, State.INTERRUPTED, lastEpoch, "stopped: " + reason));
        } catch (RuntimeException e) {
            // still STOPPED: the job must stay unacknowledged for its next owner
            Log.errorf(e, "Job %s: could not publish its INTERRUPTED status", job.jobId());
        }
        return JobOutcome.STOPPED;
    }

    private JobOutcome done(JobSpec job, TrainingSummary summary, LogitReplay replay) {
        double samplesPerSecond = samplesPerSecond(summary);
        Log.infof(
                "Job %s DONE: %d epochs on this worker in %.1f s, final loss %.4f, %.0f"
                        + " samples/s",
                job.jobId(),
                summary.epochs().size(),
                summary.wallSeconds(),
                summary.finalLoss(),
                samplesPerSecond);
        Double finalLoss = summary.epochs().isEmpty() ? null : summary.finalLoss();
        publisher.progressAndWait(
                ProgressUpdate.jobDone(job, replay.stepsPerEpoch(), finalLoss, samplesPerSecond));
        return JobOutcome.DONE;
    }

    /** Images per second over the epochs this worker trained. */
    private static double samplesPerSecond(TrainingSummary summary) {
        double samples =
                summary.epochs().stream()
                        .mapToDouble(e -> e.samplesPerSecond() * e.seconds())
                        .sum();
        return samples / Math.max(summary.wallSeconds(), 1e-9);
    }

    private static Model newModel(TrainingSpec spec, StudentCheckpoint checkpoint)
            throws MalformedModelException {
        if (!checkpoint.architecture().equals(spec.architecture())) {
            throw new MalformedModelException(
                    "it holds a "
                            + checkpoint.architecture()
                            + " and the job trains a "
                            + spec.architecture());
        }
        return Checkpoints.newModel(spec.architecture(), spec.device(), checkpoint.parameters());
    }

    private Map<String, String> hyperparameters(
            JobSpec job, RunManifest run, Device device, int trainSamples) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("lossMode", job.lossMode());
        h.put("alpha", String.valueOf(job.alpha()));
        h.put("temperature", String.valueOf(job.temperature()));
        h.put("epochs", String.valueOf(job.epochs()));
        h.put("learningRate", String.valueOf(job.learningRate()));
        h.put("momentum", String.valueOf(job.momentum()));
        h.put("batchSize", String.valueOf(job.batchSize()));
        h.put("seed", String.valueOf(job.seed()));
        h.put("weightInit", JobValidator.weightInit(job.weightInit()).configName());
        h.put("teacherRunId", run.runId());
        h.put("teacherModelId", run.teacherModelId());
        h.put("trainSamples", String.valueOf(trainSamples));
        if (job.transferSet().partialLabels()) {
            h.put("labelFraction", String.valueOf(job.transferSet().labelFraction()));
        }
        if (job.transferSet().omittedClass() != null) {
            h.put("omittedClass", String.valueOf(job.transferSet().omittedClass()));
        }
        h.put("shuffleBufferBatches", String.valueOf(shuffleBufferBatches));
        h.put("device", device.toString());
        return h;
    }

    private JobOutcome reject(JobSpec job, String reason) {
        Log.warnf("Job %s REJECTED: %s", job.jobId(), reason);
        publisher.progressAndWait(ProgressUpdate.status(job, State.REJECTED, 0, reason));
        return JobOutcome.REJECTED;
    }

    private JobOutcome fail(JobSpec job, String reason, Throwable cause) {
        Log.errorf(cause, "Job %s FAILED: %s", job.jobId(), reason);
        try {
            publisher.progressAndWait(ProgressUpdate.status(job, State.FAILED, 0, reason));
        } catch (RuntimeException e) {
            Log.errorf(e, "Job %s: could not publish its FAILED status", job.jobId());
        }
        return JobOutcome.FAILED;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Logs and publishes progress; publishes a checkpoint after every epoch. */
    private final class JobListener implements ProgressListener {

        private final RunningJob handle;
        private final JobSpec job;
        private final RunManifest run;
        private final TrainingSpec spec;
        private final Device device;
        private final long parameterCount;
        private final Map<String, String> hyperparameters;
        private final TrainingMeters.JobMeters meters;
        private final StepLog stepLog;
        // epochs with a published checkpoint: where a resumed job continues
        private int lastEpoch;
        private int stepsPerEpoch;

        JobListener(
                RunningJob handle,
                JobSpec job,
                RunManifest run,
                TrainingSpec spec,
                Device device,
                long parameterCount,
                Map<String, String> hyperparameters,
                int completedEpochs) {
            this.handle = handle;
            this.job = job;
            this.lastEpoch = completedEpochs;
            this.run = run;
            this.spec = spec;
            this.device = device;
            this.parameterCount = parameterCount;
            this.hyperparameters = hyperparameters;
            this.meters = metrics.job(job.jobId(), spec.architecture());
            this.stepLog = new StepLog("Job " + job.jobId());
        }

        @Override
        public void onStep(StepProgress p) {
            // made first, then fenced: a worker woken up past its lock stops here, before it says
            // anything more (see ProgressUpdate#madeAt)
            ProgressUpdate tick =
                    ProgressUpdate.step(job.jobId(), Kind.STUDENT_JOB, job.experimentId(), p);
            handle.requireLease();
            stepsPerEpoch = p.stepsPerEpoch();
            meters.step(p);
            stepLog.step(p);
            publisher.progress(tick);
        }

        @Override
        public void onEpoch(EpochSummary s) {
            meters.epoch(s);
            Log.infof(
                    "Job %s epoch %d/%d done in %.1f s: loss %.4f, train accuracy %.2f%%, %.0f"
                            + " samples/s on %s",
                    job.jobId(),
                    s.epoch(),
                    s.epochs(),
                    s.seconds(),
                    s.meanLoss(),
                    s.trainAccuracy() * 100,
                    s.samplesPerSecond(),
                    device);
        }

        @Override
        public void onCheckpoint(EpochCheckpoint c) {
            EpochSummary s = c.summary();
            StudentCheckpoint checkpoint =
                    new StudentCheckpoint(
                            StudentCheckpoint.modelId(job.jobId(), s.epoch()),
                            job.jobId(),
                            job.experimentId(),
                            run.runId(),
                            spec.architecture(),
                            spec.lossMode().configName(),
                            s.epoch(),
                            s.epochs(),
                            s.meanLoss(),
                            hyperparameters,
                            parameterCount,
                            c.parameters(),
                            c.optimizerState(),
                            Instant.now());
            // fencing: a worker that lost the job (paused past its lock) publishes nothing more
            handle.requireLease();
            // wait for the broker: a resumed job must find this epoch, or it repeats it
            publisher.publishCheckpoint(checkpoint);
            lastEpoch = s.epoch();
            Log.infof(
                    "Job %s: checkpoint %s published (%d parameter bytes, %d optimizer bytes)",
                    job.jobId(),
                    checkpoint.modelId(),
                    checkpoint.parameters().length,
                    checkpoint.optimizerState().length);
            ProgressUpdate epochEnd =
                    ProgressUpdate.epochEnd(
                            job.jobId(),
                            Kind.STUDENT_JOB,
                            job.experimentId(),
                            State.RUNNING,
                            s,
                            stepsPerEpoch);
            // again: the checkpoint's wait for the broker is long enough to be frozen in
            handle.requireLease();
            publisher.progressNow(epochEnd);
        }
    }
}
