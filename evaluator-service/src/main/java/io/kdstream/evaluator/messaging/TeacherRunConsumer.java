package io.kdstream.evaluator.messaging;

import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.kdstream.evaluator.metrics.EvaluatorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads teacher-run manifests: they name each run's teacher checkpoint, and a COMPLETE one starts
 * the run's standard experiment.
 */
@ApplicationScoped
public class TeacherRunConsumer {

    static final String TEACHER_RUNS_CHANNEL = "teacher-runs";

    private final EvaluationService evaluations;
    private final ExperimentService experiments;
    private final EvaluatorMetrics metrics;

    public TeacherRunConsumer(
            EvaluationService evaluations,
            ExperimentService experiments,
            EvaluatorMetrics metrics) {
        this.evaluations = evaluations;
        this.experiments = experiments;
        this.metrics = metrics;
    }

    @Incoming(TEACHER_RUNS_CHANNEL)
    @Blocking
    public void consume(TeacherRun run) {
        metrics.deadLetterOnFailure(
                TEACHER_RUNS_CHANNEL,
                () -> {
                    if (run == null) {
                        throw new IllegalArgumentException("the record holds no TeacherRun");
                    }
                    RunManifest manifest = TeacherRunMapper.toDomain(run);
                    evaluations.onRun(manifest);
                    experiments.onRun(manifest);
                });
    }
}
