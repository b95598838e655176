package io.kdstream.evaluator.evaluation;

import ai.djl.MalformedModelException;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.Checkpoint;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.domain.Measurement;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.domain.TestScore;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates checkpoints and keeps the evaluator's state current as runs, progress and evaluations
 * arrive.
 *
 * <p>Agreement with the teacher and the compression ratio need the student's teacher run and the
 * teacher's test predictions. When a student is evaluated before these are known (after a restart,
 * partitions are read in no particular order), its evaluation is published without them and
 * published again, completed, as soon as they arrive.
 */
@ApplicationScoped
public class EvaluationService {

    private final EvaluatorState state;
    private final CheckpointEvaluator evaluator;
    private final ComparisonService comparisons;
    private final EventPublisher publisher;
    private final DashboardEvents events;

    public EvaluationService(
            EvaluatorState state,
            CheckpointEvaluator evaluator,
            ComparisonService comparisons,
            EventPublisher publisher,
            DashboardEvents events) {
        this.state = state;
        this.evaluator = evaluator;
        this.comparisons = comparisons;
        this.publisher = publisher;
        this.events = events;
    }

    /**
     * Evaluates a checkpoint on the test images and records the result.
     *
     * <p>A student checkpoint whose complete evaluation is already known (read back from the
     * evaluations topic after a restart) is skipped; a teacher checkpoint is always run, because
     * its predictions are what students are compared with. An evaluation is published once: when
     * one of the same teacher checkpoint is known, or one of the same student checkpoint that says
     * the same ({@link ModelEvaluation#sameSubstance}), the known one stays and nothing is
     * published, so a restarted evaluator adds no duplicate to the evaluations topic.
     *
     * @param c the checkpoint
     * @return the evaluation to publish, or empty when skipped or already published
     * @throws IllegalArgumentException if the architecture is unknown or the checkpoint does not
     *     load; the caller sends the record to the dead-letter topic
     */
    public Optional<ModelEvaluation> evaluate(Checkpoint c) {
        ArchitectureRegistry.get(c.architecture());
        ModelEvaluation known = state.evaluation(c.modelId());
        if (c.role() == ModelRole.STUDENT && known != null && known.hasTeacherFigures()) {
            Log.debugf("Checkpoint %s is already evaluated, skipped", c.modelId());
            return Optional.empty();
        }
        JobSpec job = c.role() == ModelRole.STUDENT ? state.job(c.ownerId()) : null;
        Integer omittedClass = job == null ? null : job.transferSet().omittedClass();
        Measurement m;
        try {
            m = evaluator.measure(c.architecture(), c.parameters(), omittedClass);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(
                    "checkpoint "
                            + c.modelId()
                            + " does not load into "
                            + c.architecture()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        Optional<ModelEvaluation> fresh = record(c, m);
        ModelEvaluation e = fresh.orElseGet(() -> state.evaluation(c.modelId()));
        if (fresh.isPresent()) {
            log(e, m);
        } else {
            Log.infof(
                    "Measured %s again for its test predictions; its evaluation is already"
                            + " published, not again",
                    c.modelId());
        }
        if (e.role() == ModelRole.TEACHER) {
            completeTeacherFigures();
        }
        comparisons.refresh(state.experimentsOf(e));
        return fresh;
    }

    private synchronized Optional<ModelEvaluation> record(Checkpoint c, Measurement m) {
        TestScore s = m.score();
        state.putPredictions(c.modelId(), c.role(), s.predictions());
        JobSpec job = c.role() == ModelRole.STUDENT ? state.job(c.ownerId()) : null;
        String runId =
                c.teacherRunId() != null
                        ? c.teacherRunId()
                        : job == null ? null : job.teacherRunId();
        String experimentId =
                c.experimentId() != null
                        ? c.experimentId()
                        : job == null ? null : job.experimentId();
        Double agreement = null;
        Double compression = null;
        if (c.role() == ModelRole.TEACHER) {
            agreement = 1.0;
            compression = 1.0;
        } else {
            RunManifest run = state.run(runId);
            if (run != null) {
                compression =
                        (double) evaluator.parameterCount(run.architecture()) / m.parameterCount();
                byte[] teacher = state.predictions(run.teacherModelId());
                if (teacher != null) {
                    agreement = TestSetScorer.agreement(s.predictions(), teacher);
                }
            }
        }
        ModelEvaluation e =
                new ModelEvaluation(
                        c.modelId(),
                        c.role(),
                        c.ownerId(),
                        experimentId,
                        runId,
                        c.architecture(),
                        c.lossMode(),
                        c.epoch(),
                        c.epochs(),
                        c.trainLoss(),
                        s.accuracy(),
                        s.errors(),
                        s.meanLoss(),
                        Arrays.stream(s.perClassAccuracy()).boxed().toList(),
                        Arrays.stream(s.confusion()).boxed().toList(),
                        agreement,
                        m.parameterCount(),
                        m.sizeBytes(),
                        compression,
                        m.imagesPerSecond(),
                        Instant.now().truncatedTo(ChronoUnit.MICROS),
                        m.omittedClass());
        ModelEvaluation known = state.evaluation(c.modelId());
        if (known != null && (e.role() == ModelRole.TEACHER || e.sameSubstance(known))) {
            return Optional.empty();
        }
        state.putEvaluation(e);
        events.emit(DashboardEvent.EVALUATION, e);
        return Optional.of(e);
    }

    /**
     * Records a run manifest; fills in the figures that waited for it and refreshes the comparisons
     * of the run's experiments.
     *
     * @param run the manifest
     */
    public void onRun(RunManifest run) {
        if (!state.putRun(run)) {
            return;
        }
        events.emit(DashboardEvent.RUN, run);
        Log.infof(
                "Teacher run %s is %s (teacher %s)",
                run.runId(), run.status(), run.teacherModelId());
        completeTeacherFigures();
        comparisons.refresh(state.experimentsOfRun(run.runId()));
    }

    /**
     * Records an evaluation read back from the evaluations topic (ours, or another evaluator's).
     *
     * @param e the evaluation
     */
    public void onLoggedEvaluation(ModelEvaluation e) {
        if (state.putLoggedEvaluation(e)) {
            Log.debugf("Evaluation %s read from the topic", e.modelId());
            events.emit(DashboardEvent.EVALUATION, state.evaluation(e.modelId()));
            comparisons.refresh(state.experimentsOf(e));
        }
    }

    /**
     * Records progress; a job that gives up can complete its experiment's comparison.
     *
     * @param p the progress
     */
    public void onProgress(JobProgress p) {
        JobProgress old = state.putProgress(p);
        if (state.progress(p.id()) == p) {
            events.emit(DashboardEvent.PROGRESS, p);
        }
        boolean changedState = old == null || old.state() != p.state();
        if (changedState) {
            Log.debugf("%s %s is %s", p.kind(), p.id(), p.state());
        }
        if (changedState && p.gaveUp()) {
            JobSpec job = state.job(p.id());
            Set<String> experiments = new LinkedHashSet<>();
            if (job != null) {
                experiments.add(job.experimentId());
            } else if (p.experimentId() != null) {
                experiments.add(p.experimentId());
            }
            comparisons.refresh(experiments);
        }
    }

    /**
     * Fills in agreement and compression ratio of student evaluations that lacked them, where the
     * teacher run and predictions are now known, and publishes the completed evaluations.
     */
    void completeTeacherFigures() {
        List<ModelEvaluation> completed = new ArrayList<>();
        synchronized (this) {
            for (ModelEvaluation e : state.evaluations()) {
                if (e.role() != ModelRole.STUDENT || e.hasTeacherFigures()) {
                    continue;
                }
                RunManifest run = state.run(state.teacherRunOf(e));
                if (run == null) {
                    continue;
                }
                Double compression =
                        e.compressionRatio() != null
                                ? e.compressionRatio()
                                : (double) evaluator.parameterCount(run.architecture())
                                        / e.parameterCount();
                Double agreement = e.teacherAgreement();
                byte[] own = state.predictions(e.modelId());
                byte[] teacher = state.predictions(run.teacherModelId());
                if (agreement == null && own != null && teacher != null) {
                    agreement = TestSetScorer.agreement(own, teacher);
                }
                ModelEvaluation updated = e.withTeacherFigures(agreement, compression);
                if (!updated.equals(e)) {
                    state.putEvaluation(updated);
                    events.emit(DashboardEvent.EVALUATION, updated);
                    completed.add(updated);
                }
            }
        }
        Set<String> experiments = new LinkedHashSet<>();
        for (ModelEvaluation e : completed) {
            Log.infof("Evaluation %s completed with its teacher's figures", e.modelId());
            publisher
                    .evaluation(e)
                    .subscribe()
                    .with(
                            ok -> {},
                            f -> Log.errorf(f, "Cannot publish evaluation %s", e.modelId()));
            experiments.addAll(state.experimentsOf(e));
        }
        comparisons.refresh(experiments);
    }

    private static void log(ModelEvaluation e, Measurement m) {
        Log.infof(
                "Evaluated %s (%s %s, epoch %d/%d): accuracy %.2f%% (%d errors), test loss %.4f,"
                        + " agreement %s, %,d params, %,d bytes, compression %s, %,.0f images/s,"
                        + " %.2f s",
                e.modelId(),
                e.role().name().toLowerCase(Locale.ROOT),
                e.architecture(),
                e.epoch(),
                e.epochs(),
                e.accuracy() * 100,
                e.errors(),
                e.testLoss(),
                e.teacherAgreement() == null
                        ? "unknown yet"
                        : String.format(Locale.ROOT, "%.2f%%", e.teacherAgreement() * 100),
                e.parameterCount(),
                e.sizeBytes(),
                e.compressionRatio() == null
                        ? "unknown yet"
                        : String.format(Locale.ROOT, "%.2fx", e.compressionRatio()),
                e.imagesPerSecond(),
                m.seconds());
    }
}
