package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.ProducerIdentity;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.evaluator.evaluation.EvaluationService;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads teacher-run manifests: they name each run's teacher checkpoint, and a COMPLETE one starts
 * the run's standard experiment.
 *
 * <p>With {@code kd.security.require-producer-identity} on, a manifest the teacher did not produce
 * ({@link ProducerIdentity}) is nacked to the dead-letter topic with the reason: its {@code
 * logitsTopic} and offsets would otherwise be trusted.
 */
@ApplicationScoped
public class TeacherRunConsumer {

    static final String TEACHER_RUNS_CHANNEL = "teacher-runs";

    private final EvaluationService evaluations;
    private final ExperimentService experiments;
    private final IncomingRecords records;
    private final ProducerIdentity identity;

    public TeacherRunConsumer(
            EvaluationService evaluations,
            ExperimentService experiments,
            IncomingRecords records,
            ProducerIdentity identity) {
        this.identity = identity;
        this.evaluations = evaluations;
        this.experiments = experiments;
        this.records = records;
    }

    @Incoming(TEACHER_RUNS_CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<TeacherRun> message) {
        return records.handle(
                TEACHER_RUNS_CHANNEL,
                message,
                "TeacherRun",
                run -> {
                    identity.requireManifest(IncomingRecords.headers(message));
                    RunManifest manifest = TeacherRunMapper.toDomain(run);
                    evaluations.onRun(manifest);
                    experiments.onRun(manifest);
                });
    }
}
