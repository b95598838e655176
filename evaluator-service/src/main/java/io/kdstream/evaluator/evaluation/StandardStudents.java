package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.quarkus.logging.Log;
import java.util.List;
import java.util.Locale;

/**
 * The students of the standard experiment the evaluator submits for each COMPLETE teacher run,
 * chosen by the run's profile, so that a teacher trained as the tutorial is followed by students
 * trained as the tutorial.
 *
 * <ul>
 *   <li>{@code quick} (and runs that record no profile): a distilled and a scratch student with
 *       {@code kd.evaluator.standard-experiment.*}, minutes on 2 cores.
 *   <li>{@code reference}: the tutorial's students exactly ({@code shared/reference}: SGD lr 0.001,
 *       momentum 0.9, batch 128, 50 epochs, alpha 0.1, T 10), three of them: the tutorial's own
 *       loss ({@code tutorial}, reproduced with its defects), the corrected Hinton loss ({@code
 *       hinton}), and no distillation ({@code scratch}).
 * </ul>
 *
 * Seed and repeats come from the configuration in both profiles.
 */
final class StandardStudents {

    /** The profile that reproduces the tutorial. */
    static final String REFERENCE = "reference";

    private StandardStudents() {}

    /**
     * The students for a run of a profile.
     *
     * @param profile the teacher run's profile
     * @param configured {@code kd.evaluator.standard-experiment}
     * @return the students, labelled
     */
    static List<StudentRequest> forProfile(
            String profile, EvaluatorConfig.StandardExperiment configured) {
        String p = profile == null ? "" : profile.trim().toLowerCase(Locale.ROOT);
        if (REFERENCE.equals(p)) {
            return List.of(
                    reference("tutorial", "tutorial", configured),
                    reference(ExperimentService.DISTILLED_LABEL, "hinton", configured),
                    reference(ExperimentValidator.SCRATCH_LABEL, JobSpec.SCRATCH_LOSS, configured));
        }
        if (!p.isEmpty() && !"quick".equals(p)) {
            Log.warnf(
                    "Teacher profile '%s' has no standard students: using the quick ones", profile);
        }
        return List.of(
                quick(ExperimentService.DISTILLED_LABEL, "hinton", configured),
                quick(ExperimentValidator.SCRATCH_LABEL, JobSpec.SCRATCH_LOSS, configured));
    }

    private static StudentRequest quick(
            String label, String lossMode, EvaluatorConfig.StandardExperiment s) {
        return new StudentRequest(
                s.architecture(),
                lossMode,
                s.alpha(),
                s.temperature(),
                s.epochs(),
                s.learningRate(),
                s.momentum(),
                s.batchSize(),
                s.seed(),
                label,
                WeightInit.PYTORCH_DEFAULT.configName(),
                s.repeats(),
                null,
                null);
    }

    /** The tutorial's student settings; only seed and repeats are configurable. */
    private static StudentRequest reference(
            String label, String lossMode, EvaluatorConfig.StandardExperiment s) {
        return new StudentRequest(
                ArchitectureRegistry.TUTORIAL_STUDENT,
                lossMode,
                0.1,
                10.0,
                50,
                0.001,
                0.9,
                128,
                s.seed(),
                label,
                WeightInit.PYTORCH_DEFAULT.configName(),
                s.repeats(),
                null,
                null);
    }
}
