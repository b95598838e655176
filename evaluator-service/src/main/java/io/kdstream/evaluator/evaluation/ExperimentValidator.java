package io.kdstream.evaluator.evaluation;

import io.kdstream.core.loss.DistillationLoss;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.evaluator.domain.ExperimentRequest;
import io.kdstream.evaluator.domain.ExperimentRequest.StudentRequest;
import io.kdstream.evaluator.domain.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an experiment request field by field and names every invalid one, and derives the job
 * labels.
 *
 * <p>Two kinds of rule: each field's own constraints are Bean Validation annotations on {@link
 * ExperimentRequest}, checked by Hibernate Validator; the rules that need the system's state or
 * registries (the teacher run exists and is COMPLETE, the architecture and loss mode are known,
 * labels are unique) are checked here. Both end up as {@link Violation}s, in the order of the
 * request's fields, which is the 400 body clients already read.
 *
 * <p>The rules are those a student worker applies to a job, so that a request the evaluator accepts
 * is never rejected later; the student side still checks, since jobs can come from elsewhere.
 */
public final class ExperimentValidator {

    /** What a label may look like: it becomes the end of the job id. */
    public static final Pattern LABEL = Pattern.compile(ExperimentRequest.LABEL_PATTERN);

    /** The label of a student trained without a teacher, when the request gives none. */
    public static final String SCRATCH_LABEL = "scratch";

    /** The order violations are listed in: the request's fields, a student's in this order. */
    private static final List<String> FIELD_ORDER =
            List.of(
                    "teacherRunId",
                    "students",
                    "architecture",
                    "lossMode",
                    "alpha",
                    "temperature",
                    "epochs",
                    "learningRate",
                    "momentum",
                    "batchSize",
                    "seed",
                    "weightInit",
                    "label");

    private static final Pattern STUDENT_FIELD =
            Pattern.compile("students\\[(\\d+)](?:\\.(\\w+))?");

    private ExperimentValidator() {}

    /**
     * Validates a request.
     *
     * @param validator the Bean Validation validator (Quarkus injects one)
     * @param request the request, or {@code null} for a missing body
     * @param runs the known teacher runs by id ({@code null} for an unknown one)
     * @return every violation, empty when the request is valid
     */
    public static List<Violation> validate(
            Validator validator, ExperimentRequest request, Function<String, RunManifest> runs) {
        List<Violation> v = new ArrayList<>();
        if (request == null) {
            v.add(new Violation("body", "a JSON body {teacherRunId, students: [...]} is required"));
            return v;
        }
        for (ConstraintViolation<ExperimentRequest> c : validator.validate(request)) {
            v.add(new Violation(field(c.getPropertyPath()), message(c)));
        }
        String runId = request.teacherRunId();
        if (runId != null && !runId.isBlank()) {
            checkRun(runId, runs.apply(runId), v);
        }
        List<StudentRequest> students = request.students();
        Set<String> labels = new HashSet<>();
        for (int i = 0; students != null && i < students.size(); i++) {
            StudentRequest s = students.get(i);
            if (s != null) {
                checkStudent(s, "students[" + i + "]", labels, v);
            }
        }
        v.sort(
                Comparator.comparingInt(ExperimentValidator::studentIndex)
                        .thenComparingInt(ExperimentValidator::fieldRank));
        return v;
    }

    private static void checkRun(String runId, RunManifest run, List<Violation> v) {
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

    /** The rules that need a registry or the other students. */
    private static void checkStudent(
            StudentRequest s, String at, Set<String> labels, List<Violation> v) {
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
        if (s.weightInit() != null) {
            check(v, at + ".weightInit", () -> WeightInit.parse(s.weightInit()));
        }
        if (s.label() != null
                && LABEL.matcher(s.label()).matches()
                && !labels.add(s.label().toLowerCase(Locale.ROOT))) {
            v.add(
                    new Violation(
                            at + ".label",
                            "'" + s.label() + "' is used by another student of this experiment"));
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
     * A property path as clients know it, {@code students[1].alpha}: Hibernate Validator names a
     * list's element {@code <list element>}, which is left out.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString();
    }

    /** The constraint's message, with the value it refused. */
    private static String message(ConstraintViolation<?> c) {
        Object value = c.getInvalidValue();
        boolean scalar = value instanceof Number || value instanceof CharSequence;
        return scalar ? c.getMessage() + ", got " + value : c.getMessage();
    }

    private static int studentIndex(Violation violation) {
        Matcher m = STUDENT_FIELD.matcher(violation.field());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int fieldRank(Violation violation) {
        Matcher m = STUDENT_FIELD.matcher(violation.field());
        String name = m.matches() ? m.group(2) : violation.field();
        return name == null ? -1 : FIELD_ORDER.indexOf(name);
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
