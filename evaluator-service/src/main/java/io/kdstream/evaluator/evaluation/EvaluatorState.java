package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the evaluator knows, in memory: teacher runs, student jobs, their progress,
 * evaluations, the test-set predictions of the models evaluated by this process, and the latest
 * comparison of each experiment.
 *
 * <p>Nothing is stored on disk: at start the incoming channels read their topics from the beginning
 * and rebuild this state. Every method is synchronized; none calls out of this class, so callers
 * may hold their own locks while they use it.
 *
 * <p>Evaluations and predictions are capped ({@code kd.evaluator.max-models}, {@code
 * max-predictions}) so that memory does not grow with history: past a cap the oldest are dropped in
 * one batch, down to nine tenths of it, those of finished experiments first (see {@link
 * #trimEvaluations}). An experiment that lost evaluations keeps its last comparison as it is: one
 * recomputed from what is left would miss rows.
 */
@ApplicationScoped
public class EvaluatorState {

    private static final Comparator<JobSpec> SUBMISSION_ORDER =
            Comparator.comparing(JobSpec::submittedAt).thenComparing(JobSpec::jobId);

    private final Map<String, RunManifest> runs = new LinkedHashMap<>();
    private final Map<String, JobSpec> jobs = new LinkedHashMap<>();
    private final Map<String, JobProgress> progress = new LinkedHashMap<>();
    private final Map<String, ModelEvaluation> evaluations = new LinkedHashMap<>();
    private final Map<String, Predictions> predictions = new LinkedHashMap<>();
    private final Map<String, ComparisonView> comparisons = new LinkedHashMap<>();
    private final Set<String> trimmedExperiments = new HashSet<>();
    private final int maxModels;
    private final int maxPredictions;

    /** Caps of {@code kd.evaluator.max-models} and {@code max-predictions}' defaults. */
    public EvaluatorState() {
        this(5000, 500);
    }

    @Inject
    public EvaluatorState(EvaluatorConfig config) {
        this(config.evaluator().maxModels(), config.evaluator().maxPredictions());
    }

    /**
     * Creates an empty state with caps.
     *
     * @param maxModels most evaluations kept
     * @param maxPredictions most predictions kept
     */
    public EvaluatorState(int maxModels, int maxPredictions) {
        this.maxModels = Math.max(1, maxModels);
        this.maxPredictions = Math.max(1, maxPredictions);
    }

    /** A model's predicted classes, and whether a teacher's (kept longer). */
    private record Predictions(ModelRole role, byte[] classes) {}

    /**
     * Stores a run manifest unless an older one than the stored one.
     *
     * @param run the manifest
     * @return whether the stored manifest changed
     */
    public synchronized boolean putRun(RunManifest run) {
        RunManifest old = runs.get(run.runId());
        if (old != null && old.updatedAt().isAfter(run.updatedAt())) {
            return false;
        }
        runs.put(run.runId(), run);
        return !run.equals(old);
    }

    /**
     * Returns a run.
     *
     * @param runId the run id
     * @return its latest manifest, or {@code null}
     */
    public synchronized RunManifest run(String runId) {
        return runId == null ? null : runs.get(runId);
    }

    /**
     * Returns every run.
     *
     * @return the latest manifest of each run, in the order the runs were first seen
     */
    public synchronized List<RunManifest> runs() {
        return List.copyOf(runs.values());
    }

    /**
     * Stores a job unless one with its id is known (the first submission wins).
     *
     * @param job the job
     * @return whether it was new
     */
    public synchronized boolean putJob(JobSpec job) {
        return jobs.putIfAbsent(job.jobId(), job) == null;
    }

    /**
     * Forgets jobs, after their submission failed.
     *
     * @param jobIds the jobs
     */
    public synchronized void removeJobs(Collection<String> jobIds) {
        jobIds.forEach(jobs::remove);
    }

    /**
     * Returns a job.
     *
     * @param jobId the job id
     * @return the job, or {@code null}
     */
    public synchronized JobSpec job(String jobId) {
        return jobId == null ? null : jobs.get(jobId);
    }

    /**
     * Returns whether an experiment has at least one job.
     *
     * @param experimentId the experiment
     * @return whether it is known
     */
    public synchronized boolean hasExperiment(String experimentId) {
        return jobs.values().stream().anyMatch(j -> j.experimentId().equals(experimentId));
    }

    /**
     * Returns the jobs of an experiment.
     *
     * @param experimentId the experiment
     * @return its jobs in submission order
     */
    public synchronized List<JobSpec> jobsOf(String experimentId) {
        return jobs.values().stream()
                .filter(j -> j.experimentId().equals(experimentId))
                .sorted(SUBMISSION_ORDER)
                .toList();
    }

    /**
     * Returns every experiment id, ordered by the submission of its first job.
     *
     * @return the experiment ids
     */
    public synchronized List<String> experimentIds() {
        Set<String> ids = new LinkedHashSet<>();
        jobs.values().stream().sorted(SUBMISSION_ORDER).forEach(j -> ids.add(j.experimentId()));
        return List.copyOf(ids);
    }

    /**
     * Returns the experiments that distil from a run.
     *
     * @param runId the teacher run
     * @return their ids
     */
    public synchronized Set<String> experimentsOfRun(String runId) {
        Set<String> ids = new LinkedHashSet<>();
        for (JobSpec j : jobs.values()) {
            if (j.teacherRunId().equals(runId)) {
                ids.add(j.experimentId());
            }
        }
        return ids;
    }

    /**
     * Stores progress unless older than the stored progress of the same work, or from an older
     * attempt of the same job (fencing: a worker that lost the job cannot overwrite the attempt
     * that took it over, whatever its clock says).
     *
     * @param p the progress
     * @return the progress it replaced, or {@code null} (also when {@code p} was older and ignored)
     */
    public synchronized JobProgress putProgress(JobProgress p) {
        JobProgress old = progress.get(p.id());
        if (old != null && (old.updatedAt().isAfter(p.updatedAt()) || p.olderAttemptThan(old))) {
            return null;
        }
        progress.put(p.id(), p);
        return old;
    }

    /**
     * Returns the latest progress of a job or run.
     *
     * @param id the job or run id
     * @return the progress, or {@code null}
     */
    public synchronized JobProgress progress(String id) {
        return progress.get(id);
    }

    /**
     * Returns the latest progress of every teacher training, teacher stream and student job.
     *
     * @return the progress, oldest update first
     */
    public synchronized List<JobProgress> allProgress() {
        return progress.values().stream()
                .sorted(Comparator.comparing(JobProgress::updatedAt))
                .toList();
    }

    /**
     * Returns the latest progress of every teacher training and stream.
     *
     * @return the progress, oldest update first
     */
    public synchronized List<JobProgress> teacherWork() {
        return progress.values().stream()
                .filter(p -> p.kind() != WorkKind.STUDENT_JOB)
                .sorted(Comparator.comparing(JobProgress::updatedAt))
                .toList();
    }

    /**
     * Stores an evaluation, replacing the one of the same model.
     *
     * @param e the evaluation
     */
    public synchronized void putEvaluation(ModelEvaluation e) {
        evaluations.put(e.modelId(), e);
        trimEvaluations();
    }

    /**
     * Stores an evaluation read back from the evaluations topic, unless the stored one of the same
     * model is as recent. An evaluation completed with its teacher's figures keeps the time of the
     * evaluation it completes, so at the same time the one with more figures wins.
     *
     * @param e the evaluation
     * @return whether it was stored
     */
    public synchronized boolean putLoggedEvaluation(ModelEvaluation e) {
        ModelEvaluation old = evaluations.get(e.modelId());
        if (old != null
                && (old.evaluatedAt().isAfter(e.evaluatedAt())
                        || (old.evaluatedAt().equals(e.evaluatedAt())
                                && old.teacherFigureCount() >= e.teacherFigureCount()))) {
            return false;
        }
        // what this process knew beyond the record (the teacher run) is kept
        if (old != null && e.teacherRunId() == null && old.teacherRunId() != null) {
            e = e.withTeacherRunId(old.teacherRunId());
        }
        evaluations.put(e.modelId(), e);
        trimEvaluations();
        return true;
    }

    /**
     * Returns an evaluation.
     *
     * @param modelId the model
     * @return its evaluation, or {@code null}
     */
    public synchronized ModelEvaluation evaluation(String modelId) {
        return modelId == null ? null : evaluations.get(modelId);
    }

    /**
     * Returns every evaluation.
     *
     * @return the evaluations, in the order they were first stored
     */
    public synchronized List<ModelEvaluation> evaluations() {
        return List.copyOf(evaluations.values());
    }

    /**
     * Returns the latest-epoch evaluation of each job of a list that has one.
     *
     * @param jobIds the jobs
     * @return the evaluations by job id
     */
    public synchronized Map<String, ModelEvaluation> latestEvaluations(Collection<String> jobIds) {
        Map<String, ModelEvaluation> latest = new HashMap<>();
        for (ModelEvaluation e : evaluations.values()) {
            if (e.role() != ModelRole.STUDENT || !jobIds.contains(e.ownerId())) {
                continue;
            }
            ModelEvaluation best = latest.get(e.ownerId());
            if (best == null
                    || e.epoch() > best.epoch()
                    || (e.epoch() == best.epoch() && e.evaluatedAt().isAfter(best.evaluatedAt()))) {
                latest.put(e.ownerId(), e);
            }
        }
        return latest;
    }

    /**
     * Returns the latest progress of each job of a list that has some.
     *
     * @param jobIds the jobs
     * @return the progress by job id
     */
    public synchronized Map<String, JobProgress> progressOf(Collection<String> jobIds) {
        Map<String, JobProgress> result = new HashMap<>();
        for (String id : jobIds) {
            JobProgress p = progress.get(id);
            if (p != null) {
                result.put(id, p);
            }
        }
        return result;
    }

    /**
     * Keeps the predicted class of every test image for a model evaluated by this process.
     *
     * <p>Past {@code max-predictions}, the oldest students' are dropped first, then the oldest
     * teachers': a student's agreement is computed from its teacher's predictions.
     *
     * @param modelId the model
     * @param role whether a teacher or a student
     * @param predicted one class per test image, 10,000 bytes for MNIST
     */
    public synchronized void putPredictions(String modelId, ModelRole role, byte[] predicted) {
        predictions.remove(modelId);
        predictions.put(modelId, new Predictions(role, predicted));
        if (predictions.size() <= maxPredictions) {
            return;
        }
        int target = maxPredictions - maxPredictions / 10;
        int before = predictions.size();
        for (ModelRole dropFirst : List.of(ModelRole.STUDENT, ModelRole.TEACHER)) {
            Iterator<Predictions> it = predictions.values().iterator();
            while (predictions.size() > target && it.hasNext()) {
                if (it.next().role() == dropFirst) {
                    it.remove();
                }
            }
        }
        Log.infof(
                "Dropped the test predictions of the %d oldest models (kd.evaluator.max-predictions=%d)",
                before - predictions.size(), maxPredictions);
    }

    /**
     * Drops the oldest evaluations past {@code max-models}, down to nine tenths of it, in this
     * order: students' of finished experiments at an earlier epoch than their job's latest (history
     * only), then other students' of finished experiments, then any students', then teachers'.
     */
    private void trimEvaluations() {
        if (evaluations.size() <= maxModels) {
            return;
        }
        int target = maxModels - maxModels / 10;
        Map<String, Integer> latestEpoch = new HashMap<>();
        for (ModelEvaluation e : evaluations.values()) {
            latestEpoch.merge(e.ownerId(), e.epoch(), Math::max);
        }
        int before = evaluations.size();
        for (int tier = 0; tier < 4 && evaluations.size() > target; tier++) {
            Iterator<ModelEvaluation> it = evaluations.values().iterator();
            while (evaluations.size() > target && it.hasNext()) {
                ModelEvaluation e = it.next();
                if (evictionTier(e, latestEpoch) <= tier) {
                    it.remove();
                    predictions.remove(e.modelId());
                    trimmedExperiments.addAll(experimentsOf(e));
                }
            }
        }
        Log.infof(
                "Dropped the %d oldest evaluations from memory, finished experiments' first"
                        + " (kd.evaluator.max-models=%d); they stay on the evaluations topic",
                before - evaluations.size(), maxModels);
    }

    private int evictionTier(ModelEvaluation e, Map<String, Integer> latestEpoch) {
        if (e.role() == ModelRole.TEACHER) {
            return 3;
        }
        boolean finished =
                experimentsOf(e).stream()
                        .map(comparisons::get)
                        .anyMatch(c -> c != null && c.complete());
        if (!finished) {
            return 2;
        }
        return e.epoch() < latestEpoch.getOrDefault(e.ownerId(), e.epoch()) ? 0 : 1;
    }

    /**
     * Returns the predictions of a model evaluated by this process.
     *
     * @param modelId the model
     * @return the predicted classes, or {@code null}
     */
    public synchronized byte[] predictions(String modelId) {
        Predictions p = modelId == null ? null : predictions.get(modelId);
        return p == null ? null : p.classes();
    }

    /**
     * Stores a comparison if it says something new.
     *
     * @param c the comparison
     * @return whether it differs from the stored one by more than its time; false for an experiment
     *     whose evaluations were dropped past the cap, whose comparison stays as it was
     */
    public synchronized boolean putComparison(ComparisonView c) {
        ComparisonView old = comparisons.get(c.experimentId());
        if (c.sameContent(old) || (old != null && trimmedExperiments.contains(c.experimentId()))) {
            return false;
        }
        comparisons.put(c.experimentId(), c);
        return true;
    }

    /**
     * Returns an experiment's latest comparison.
     *
     * @param experimentId the experiment
     * @return the comparison, or {@code null}
     */
    public synchronized ComparisonView comparison(String experimentId) {
        return comparisons.get(experimentId);
    }

    /**
     * Returns every comparison.
     *
     * @return the comparisons, in the order they were first computed
     */
    public synchronized List<ComparisonView> comparisons() {
        return new ArrayList<>(comparisons.values());
    }

    /**
     * Returns the teacher run a student evaluation distilled from, if known.
     *
     * @param e the evaluation
     * @return the run id, or {@code null}
     */
    public synchronized String teacherRunOf(ModelEvaluation e) {
        if (e.teacherRunId() != null) {
            return e.teacherRunId();
        }
        JobSpec job = jobs.get(e.ownerId());
        return job == null ? null : job.teacherRunId();
    }

    /**
     * Returns the experiments an evaluation counts in: the experiment of a student's job, or every
     * experiment whose run streamed a teacher's logits.
     *
     * @param e the evaluation
     * @return the experiment ids
     */
    public synchronized Set<String> experimentsOf(ModelEvaluation e) {
        Set<String> ids = new LinkedHashSet<>();
        if (e.role() == ModelRole.TEACHER) {
            for (RunManifest run : runs.values()) {
                if (Objects.equals(run.teacherModelId(), e.modelId())) {
                    ids.addAll(experimentsOfRun(run.runId()));
                }
            }
            return ids;
        }
        JobSpec job = jobs.get(e.ownerId());
        if (job != null) {
            ids.add(job.experimentId());
        } else if (e.experimentId() != null) {
            ids.add(e.experimentId());
        }
        return ids;
    }
}
