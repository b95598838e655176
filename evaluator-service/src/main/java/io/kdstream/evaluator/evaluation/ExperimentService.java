package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentView;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.domain.PresetInfo;
import io.kdstream.evaluator.domain.PresetRequest;
import io.kdstream.evaluator.domain.SubmittedExperiment;
import io.kdstream.evaluator.domain.Violation;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Experiments: submits the standard experiment when a teacher run completes, validates and submits
 * experiments requested over REST, and describes experiments and their jobs.
 *
 * <p>The standard experiment of run {@code R} is {@code exp-R}, with jobs {@code exp-R-hinton} and
 * {@code exp-R-scratch}. The ids are derived from the run id, so the experiment is submitted once
 * per run even across restarts: it is skipped when its jobs are already on the student-jobs topic,
 * which the evaluator replays at start (see {@link ReplayPosition}).
 */
@ApplicationScoped
public class ExperimentService {

    /** Prefix of every experiment id. */
    public static final String EXPERIMENT_PREFIX = "exp-";

    /** Label of the distilled student of the standard experiment. */
    public static final String DISTILLED_LABEL = "hinton";

    private final EvaluatorState state;
    private final EventPublisher publisher;
    private final ComparisonService comparisons;
    private final EvaluatorConfig config;
    private final DashboardEvents events;
    // only the student-jobs topic: whether a run's standard experiment was submitted is known there
    private static final String JOB_LOG = "student-jobs";
    private final ReplayPosition jobLog = new ReplayPosition();
    private final Set<String> waitingRuns = new LinkedHashSet<>();

    private final Validator validator;

    public ExperimentService(
            EvaluatorState state,
            EventPublisher publisher,
            ComparisonService comparisons,
            EvaluatorConfig config,
            DashboardEvents events,
            Validator validator) {
        this.validator = validator;
        this.state = state;
        this.publisher = publisher;
        this.comparisons = comparisons;
        this.config = config;
        this.events = events;
    }

    /**
     * Returns the id of a run's standard experiment.
     *
     * @param runId the teacher run
     * @return {@code exp-<runId>}
     */
    public static String standardExperimentId(String runId) {
        return EXPERIMENT_PREFIX + runId;
    }

    /**
     * Sets where the student-jobs replay must get to before auto experiments are submitted, and
     * gives up waiting after a while.
     *
     * @param starts the first offset of each partition at start
     * @param ends the offset after the last record of each partition at start
     * @param patience how long to wait at most
     */
    public void expectJobLog(
            Map<Integer, Long> starts, Map<Integer, Long> ends, Duration patience) {
        jobLog.expect(JOB_LOG, starts, ends);
        if (jobLog.caughtUp()) {
            return;
        }
        Log.infof(
                "Replaying student-jobs up to offsets %s before submitting auto experiments", ends);
        CompletableFuture.delayedExecutor(patience.toMillis(), TimeUnit.MILLISECONDS)
                .execute(
                        () -> {
                            if (jobLog.giveUp()) {
                                Log.warnf(
                                        "The student-jobs replay did not catch up within %s; submitting waiting"
                                                + " auto experiments anyway",
                                        patience);
                                submitWaiting();
                            }
                        });
    }

    /**
     * Records a job read from the student-jobs topic (ours or another evaluator's).
     *
     * @param job the job
     * @param partition its partition, or {@code null} off Kafka
     * @param offset its offset, or {@code null} off Kafka
     */
    public void onLoggedJob(JobSpec job, Integer partition, Long offset) {
        if (state.putJob(job)) {
            Log.debugf(
                    "Job %s of experiment %s read from the topic", job.jobId(), job.experimentId());
            comparisons.refresh(List.of(job.experimentId()));
            announce(job.experimentId());
        }
        if (partition != null && offset != null && jobLog.consumed(JOB_LOG, partition, offset)) {
            Log.info("The student-jobs replay caught up");
            submitWaiting();
        }
    }

    /**
     * Submits the standard experiment of a run that became COMPLETE, once per run.
     *
     * @param run the run's latest manifest
     */
    public void onRun(RunManifest run) {
        if (!config.evaluator().autoExperiment() || run.status() != RunStatus.COMPLETE) {
            return;
        }
        synchronized (this) {
            if (!jobLog.caughtUp()) {
                waitingRuns.add(run.runId());
                return;
            }
        }
        submitStandard(run.runId());
    }

    private void submitWaiting() {
        List<String> runs;
        synchronized (this) {
            runs = new ArrayList<>(waitingRuns);
            waitingRuns.clear();
        }
        runs.forEach(this::submitStandard);
    }

    private void submitStandard(String runId) {
        String experimentId = standardExperimentId(runId);
        List<JobSpec> jobs;
        synchronized (this) {
            if (state.hasExperiment(experimentId)) {
                Log.debugf("Standard experiment %s already submitted", experimentId);
                return;
            }
            jobs = standardJobs(runId, experimentId);
            jobs.forEach(state::putJob);
        }
        // the teacher may be evaluated already: the comparison starts with its row
        comparisons.refresh(List.of(experimentId));
        announce(experimentId);
        Log.infof(
                "Teacher run %s is COMPLETE: submitting standard experiment %s (%s)",
                runId, experimentId, jobs.stream().map(JobSpec::jobId).toList());
        publish(jobs)
                .subscribe()
                .with(
                        ok -> Log.infof("Standard experiment %s submitted", experimentId),
                        f ->
                                Log.errorf(
                                        f,
                                        "Cannot submit standard experiment %s; it is retried when the"
                                                + " run's manifest is read again",
                                        experimentId));
    }

    private List<JobSpec> standardJobs(String runId, String experimentId) {
        RunManifest run = state.run(runId);
        String profile = run == null ? RunManifest.DEFAULT_PROFILE : run.profileOrDefault();
        ExperimentRequest request =
                new ExperimentRequest(
                        runId,
                        StandardStudents.forProfile(
                                profile, config.evaluator().standardExperiment()));
        return ExperimentValidator.jobs(experimentId, runId, request, now());
    }

    /**
     * Validates and submits a requested experiment.
     *
     * @param request the request
     * @return the experiment and its job ids, once the broker has every job
     * @throws InvalidExperimentException listing every invalid field
     */
    public Uni<SubmittedExperiment> submit(ExperimentRequest request) {
        List<Violation> violations = ExperimentValidator.validate(validator, request, state::run);
        if (!violations.isEmpty()) {
            throw new InvalidExperimentException(violations);
        }
        String runId = request.teacherRunId();
        String experimentId =
                EXPERIMENT_PREFIX + runId + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<JobSpec> jobs = ExperimentValidator.jobs(experimentId, runId, request, now());
        jobs.forEach(state::putJob);
        comparisons.refresh(List.of(experimentId));
        announce(experimentId);
        List<String> jobIds = jobs.stream().map(JobSpec::jobId).toList();
        Log.infof("Submitting experiment %s on teacher run %s: %s", experimentId, runId, jobIds);
        return publish(jobs).replaceWith(new SubmittedExperiment(experimentId, runId, jobIds));
    }

    /**
     * Describes the presets with their defaults.
     *
     * @return every preset
     */
    public List<PresetInfo> presets() {
        return Arrays.stream(Presets.values())
                .map(p -> p.info(config.evaluator().standardExperiment()))
                .toList();
    }

    /**
     * Expands a preset and submits its experiments, one after another. Every experiment is
     * validated before the first is published, so an invalid request submits nothing.
     *
     * @param preset the preset
     * @param request the teacher run and the settings that differ from the preset's defaults
     * @return the experiments and their job ids, once the broker has every job
     * @throws InvalidExperimentException listing every invalid field
     */
    public Uni<List<SubmittedExperiment>> submitPreset(Presets preset, PresetRequest request) {
        List<ExperimentRequest> requests =
                preset.expand(request, config.evaluator().standardExperiment());
        for (ExperimentRequest r : requests) {
            List<Violation> violations = ExperimentValidator.validate(validator, r, state::run);
            if (!violations.isEmpty()) {
                throw new InvalidExperimentException(violations);
            }
        }
        Log.infof("Preset %s: %d experiment(s)", preset.presetName(), requests.size());
        return Multi.createFrom()
                .iterable(requests)
                .onItem()
                .transformToUniAndConcatenate(this::submit)
                .collect()
                .asList();
    }

    /** Tells the dashboards about an experiment and its jobs. */
    private void announce(String experimentId) {
        view(experimentId).ifPresent(v -> events.emit(DashboardEvent.EXPERIMENT, v));
    }

    private Uni<Void> publish(List<JobSpec> jobs) {
        List<Uni<Void>> sends = jobs.stream().map(publisher::studentJob).toList();
        return Uni.join()
                .all(sends)
                .andFailFast()
                .replaceWithVoid()
                .onFailure()
                .invoke(f -> state.removeJobs(jobs.stream().map(JobSpec::jobId).toList()));
    }

    /**
     * Describes every experiment.
     *
     * @return the experiments, oldest first
     */
    public List<ExperimentView> experiments() {
        return state.experimentIds().stream().map(this::view).flatMap(Optional::stream).toList();
    }

    /**
     * Describes one experiment.
     *
     * @param experimentId the experiment
     * @return its jobs with their latest progress and evaluation, or empty if unknown
     */
    public Optional<ExperimentView> experiment(String experimentId) {
        return view(experimentId);
    }

    /**
     * Renders the progress of the teacher work and every experiment as text lines.
     *
     * @return the status text
     */
    public String status() {
        return StatusReport.render(state.teacherWork(), experiments());
    }

    private Optional<ExperimentView> view(String experimentId) {
        List<JobSpec> jobs = state.jobsOf(experimentId);
        if (jobs.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = jobs.stream().map(JobSpec::jobId).toList();
        Map<String, ModelEvaluation> latest = state.latestEvaluations(ids);
        Map<String, JobProgress> progress = state.progressOf(ids);
        List<ExperimentView.JobView> views = new ArrayList<>();
        for (JobSpec j : jobs) {
            JobProgress p = progress.get(j.jobId());
            ModelEvaluation e = latest.get(j.jobId());
            views.add(
                    new ExperimentView.JobView(
                            j.jobId(),
                            j.label(),
                            j.architecture(),
                            j.lossMode(),
                            j.alpha(),
                            j.temperature(),
                            j.epochs(),
                            j.learningRate(),
                            j.momentum(),
                            j.batchSize(),
                            j.seed(),
                            p == null ? "SUBMITTED" : p.state().name(),
                            p == null ? 0 : p.epoch(),
                            p == null ? 0 : p.step(),
                            p == null ? 0 : p.stepsPerEpoch(),
                            p == null ? null : p.loss(),
                            p == null ? null : p.samplesPerSecond(),
                            p == null ? null : p.etaSeconds(),
                            p == null ? null : p.workerLabel(),
                            p == null ? null : p.reason(),
                            p == null ? null : p.updatedAt(),
                            e == null ? null : e.epoch(),
                            e == null ? null : e.accuracy()));
        }
        String runId = jobs.get(0).teacherRunId();
        RunManifest run = state.run(runId);
        ComparisonView comparison = state.comparison(experimentId);
        return Optional.of(
                new ExperimentView(
                        experimentId,
                        runId,
                        run == null ? null : run.teacherModelId(),
                        comparison != null && comparison.complete(),
                        views));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
