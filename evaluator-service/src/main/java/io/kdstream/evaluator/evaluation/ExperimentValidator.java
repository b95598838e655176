package io.kdstream.evaluator.evaluation;

import io.kdstream.core.loss.DistillationLoss;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks an experiment request field by field and names every invalid one, and derives the job
 * labels.
 *
 * <p>The rules are those a student worker applies to a job, so that a request the evaluator accepts
 * is never rejected later; the student side still checks, since jobs can come from elsewhere.
 */
public final class ExperimentValidator {

    /** What a label may look like: it becomes the end of the job id. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");

    /** The label of a student trained without a teacher, when the request gives none. */
    public static final String SCRATCH_LABEL = "scratch";

    private ExperimentValidator() {}

    /**
     * Validates a request.
     *
     * @param request the request, or {@code null} for a missing body
     * @param runs the known teacher runs by id ({@code null} for an unknown one)
     * @return every violation, empty when the request is valid
     */
    public static List<Violation> validate(
            ExperimentRequest request, Function<String, RunManifest> runs) {
        List<Violation> v = new ArrayList<>();
        if (request == null) {
            v.add(new Violation("body", "a JSON body {teacherRunId, students: [...]} is required"));
            return v;
        }
        String runId = request.teacherRunId();
        if (runId == null || runId.isBlank()) {
            v.add(new Violation("teacherRunId", "is required"));
        } else {
            RunManifest run = runs.apply(runId);
            if (run == null) {
                v.add(
                        new Violation(
                                "teacherRunId",
                                "unknown teacher run '"
                                        + runId
                                        + "': not seen on the teacher-runs topic"));
            } else if (run.status() != RunStatus.COMPLETE) {
                v.add(
                        new Violation(
                                "teacherRunId",
                                "teacher run '"
                                        + runId
                                        + "' is "
                                        + run.status()
                                        + ", students can only distil from a COMPLETE run"
                                        + (run.reason() == null ? "" : " (" + run.reason() + ")")));
            }
        }
        List<StudentRequest> students = request.students();
        if (students == null || students.isEmpty()) {
            v.add(new Violation("students", "at least one student is required"));
            return v;
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < students.size(); i++) {
            String at = "students[" + i + "]";
            StudentRequest s = students.get(i);
            if (s == null) {
                v.add(new Violation(at, "is null"));
                continue;
            }
            validateStudent(s, at, v);
            if (s.label() != null) {
                if (!LABEL.matcher(s.label()).matches()) {
                    v.add(
                            new Violation(
                                    at + ".label",
                                    "'" + s.label() + "' must match " + LABEL.pattern()));
                } else if (!labels.add(s.label().toLowerCase(Locale.ROOT))) {
                    v.add(
                            new Violation(
                                    at + ".label",
                                    "'"
                                            + s.label()
                                            + "' is used by another student of this experiment"));
                }
            }
        }
        return v;
    }

    private static void validateStudent(StudentRequest s, String at, List<Violation> v) {
        if (s.architecture() == null) {
            v.add(
                    new Violation(
                            at + ".architecture",
                            "is required; known: " + ArchitectureRegistry.names()));
        } else {
            check(v, at + ".architecture", () -> ArchitectureRegistry.get(s.architecture()));
        }
        if (s.lossMode() == null) {
            v.add(new Violation(at + ".lossMode", "is required; one of hinton, tutorial, none"));
        } else {
            check(v, at + ".lossMode", () -> DistillationLoss.Mode.parse(s.lossMode()));
        }
        if (s.alpha() == null) {
            v.add(new Violation(at + ".alpha", "is required, in [0, 1]"));
        } else if (!(s.alpha() >= 0 && s.alpha() <= 1)) {
            v.add(new Violation(at + ".alpha", "must be in [0, 1], got " + s.alpha()));
        }
        if (s.temperature() == null) {
            v.add(new Violation(at + ".temperature", "is required, > 0"));
        } else if (!(s.temperature() > 0) || s.temperature().isInfinite()) {
            v.add(
                    new Violation(
                            at + ".temperature", "must be finite and > 0, got " + s.temperature()));
        }
        if (s.epochs() == null) {
            v.add(new Violation(at + ".epochs", "is required, > 0"));
        } else if (s.epochs() <= 0) {
            v.add(new Violation(at + ".epochs", "must be > 0, got " + s.epochs()));
        }
        if (s.learningRate() == null) {
            v.add(new Violation(at + ".learningRate", "is required, > 0"));
        } else if (!(s.learningRate() > 0) || s.learningRate().isInfinite()) {
            v.add(
                    new Violation(
                            at + ".learningRate",
                            "must be finite and > 0, got " + s.learningRate()));
        }
        if (s.momentum() == null) {
            v.add(new Violation(at + ".momentum", "is required, in [0, 1)"));
        } else if (!(s.momentum() >= 0 && s.momentum() < 1)) {
            v.add(new Violation(at + ".momentum", "must be in [0, 1), got " + s.momentum()));
        }
        if (s.batchSize() == null) {
            v.add(new Violation(at + ".batchSize", "is required, > 0"));
        } else if (s.batchSize() <= 0) {
            v.add(new Violation(at + ".batchSize", "must be > 0, got " + s.batchSize()));
        }
        if (s.seed() == null) {
            v.add(new Violation(at + ".seed", "is required"));
        }
        if (s.weightInit() != null) {
            check(v, at + ".weightInit", () -> WeightInit.parse(s.weightInit()));
        }
    }

    private static void check(List<Violation> v, String field, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            v.add(new Violation(field, e.getMessage()));
        }
    }

    /**
     * Derives each student's label: its own, else {@code scratch} for loss {@code none} and the
     * loss mode otherwise, with {@code -<position>} appended where two would be equal.
     *
     * @param students valid students
     * @return the labels, in order, pairwise different (ignoring case)
     */
    public static List<String> labels(List<StudentRequest> students) {
        Set<String> used = new HashSet<>();
        for (StudentRequest s : students) {
            if (s.label() != null) {
                used.add(s.label().toLowerCase(Locale.ROOT));
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < students.size(); i++) {
            StudentRequest s = students.get(i);
            if (s.label() != null) {
                labels.add(s.label());
                continue;
            }
            DistillationLoss.Mode mode = DistillationLoss.Mode.parse(s.lossMode());
            String base = mode == DistillationLoss.Mode.NONE ? SCRATCH_LABEL : mode.configName();
            String label = base;
            if (used.contains(label) || countDefault(students, base) > 1) {
                label = base + "-" + (i + 1);
                for (int n = 2; used.contains(label); n++) {
                    label = base + "-" + (i + 1) + "-" + n;
                }
            }
            used.add(label);
            labels.add(label);
        }
        return labels;
    }

    private static long countDefault(List<StudentRequest> students, String base) {
        return students.stream()
                .filter(s -> s.label() == null)
                .map(s -> DistillationLoss.Mode.parse(s.lossMode()))
                .map(m -> m == DistillationLoss.Mode.NONE ? SCRATCH_LABEL : m.configName())
                .filter(base::equals)
                .count();
    }
}
