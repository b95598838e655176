package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.job.JobValidator;
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
import java.time.Instant;
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
 * <p>Three layers, one answer: Bean Validation annotations on {@link ExperimentRequest} (Hibernate
 * Validator) say whether the request is well-formed (fields present, labels spelled right); the job
 * rules of distill-core ({@link JobValidator}, the very rules a worker applies before it trains)
 * say whether each student's job can run, so that 202 Accepted means no worker will REJECT it; and
 * this class checks what needs the evaluator's state (the teacher run exists and is COMPLETE,
 * labels are unique). All end up as {@link Violation}s in the order of the request's fields: the
 * 400 body clients already read.
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
                    "label",
                    "repeats",
                    "labelFraction",
                    "omittedClass");

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
        if (students != null) {
            checkJobCount(students, v);
        }
        if (v.isEmpty()) {
            checkJobLabels(request, v);
        }
        v.sort(
                Comparator.comparingInt(ExperimentValidator::studentIndex)
                        .thenComparingInt(ExperimentValidator::fieldRank));
        return v;
    }

    /** Students times their seeds: the jobs the request would publish. */
    private static void checkJobCount(List<StudentRequest> students, List<Violation> v) {
        int jobs = 0;
        for (StudentRequest s : students) {
            if (s != null) {
                jobs += Math.max(1, Math.min(s.seeds(), ExperimentRequest.MAX_REPEATS));
            }
        }
        if (jobs > ExperimentRequest.MAX_STUDENTS) {
            v.add(
                    new Violation(
                            "students",
                            "at most "
                                    + ExperimentRequest.MAX_STUDENTS
                                    + " jobs per experiment (students times repeats), got "
                                    + jobs));
        }
    }

    /** A repeated student's job labels ({@code <label>-s<seed>}) must not meet another's label. */
    private static void checkJobLabels(ExperimentRequest request, List<Violation> v) {
        Set<String> seen = new HashSet<>();
        for (JobSpec job : jobs("validation", request.teacherRunId(), request, Instant.EPOCH)) {
            if (!seen.add(job.label().toLowerCase(Locale.ROOT))) {
                v.add(
                        new Violation(
                                "students",
                                "two jobs would be labelled '"
                                        + job.label()
                                        + "': rename a student (a repeated student's jobs are"
                                        + " <label>-s<seed>)"));
            }
        }
    }

    /**
     * The jobs a valid request becomes: one per student, or one per seed of a student with {@code
     * repeats} above 1 ({@code seed}, {@code seed + 1}, ...; labels {@code <label>-s<seed>}, all of
     * one group named by the student's label). Submission times follow the request's order.
     *
     * @param experimentId the experiment
     * @param runId the teacher run
     * @param request a request that {@link #validate} found valid
     * @param submittedAt the submission time of the first job
     * @return the jobs, in the request's order
     */
    public static List<JobSpec> jobs(
            String experimentId, String runId, ExperimentRequest request, Instant submittedAt) {
        List<String> labels = labels(request.students());
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            StudentRequest s = request.students().get(i);
            String label = labels.get(i);
            if (s.seeds() == 1) {
                jobs.add(
                        jobSpec(
                                experimentId,
                                runId,
                                label,
                                s,
                                s.seed(),
                                submittedAt.plusNanos(1000L * jobs.size()),
                                null));
                continue;
            }
            for (int k = 0; k < s.seeds(); k++) {
                long seed = s.seed() + k;
                jobs.add(
                        jobSpec(
                                experimentId,
                                runId,
                                label + "-s" + seed,
                                s,
                                seed,
                                submittedAt.plusNanos(1000L * jobs.size()),
                                label));
            }
        }
        return jobs;
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

    /**
     * The job rules on one student, for the fields the request gave (a missing field is Bean
     * Validation's to name), and its label against the others'.
     */
    private static void checkStudent(
            StudentRequest s, String at, Set<String> labels, List<Violation> v) {
        StudentRequest complete = withPlaceholders(s);
        JobSpec job =
                jobSpec(
                        "validation",
                        "validation-run",
                        "validation",
                        complete,
                        complete.seed(),
                        null,
                        null);
        for (JobValidator.Violation j : JobValidator.violations(job)) {
            v.add(new Violation(at + "." + j.field(), j.message()));
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

    /** Missing fields replaced by valid values, so that the job rules judge only the given ones. */
    private static StudentRequest withPlaceholders(StudentRequest s) {
        return new StudentRequest(
                s.architecture() == null ? ArchitectureRegistry.TUTORIAL_STUDENT : s.architecture(),
                s.lossMode() == null ? JobSpec.SCRATCH_LOSS : s.lossMode(),
                s.alpha() == null ? 0.0 : s.alpha(),
                s.temperature() == null ? 1.0 : s.temperature(),
                s.epochs() == null ? 1 : s.epochs(),
                s.learningRate() == null ? 0.1 : s.learningRate(),
                s.momentum() == null ? 0.0 : s.momentum(),
                s.batchSize() == null ? 1 : s.batchSize(),
                s.seed() == null ? 0L : s.seed(),
                s.label(),
                s.weightInit(),
                null,
                s.labelFraction(),
                s.omittedClass());
    }

    /**
     * The job a student of a request becomes.
     *
     * @param experimentId the experiment
     * @param runId the teacher run
     * @param label the student's label, the end of its job id
     * @param s the student, every required field present
     * @param seed the job's seed: the student's, or one of its repeats'
     * @param submittedAt when the job is submitted
     * @param group the student the job is one seed of, or {@code null}: a group of its own
     * @return the job
     */
    public static JobSpec jobSpec(
            String experimentId,
            String runId,
            String label,
            StudentRequest s,
            long seed,
            Instant submittedAt,
            String group) {
        String init =
                s.weightInit() == null ? WeightInit.PYTORCH_DEFAULT.configName() : s.weightInit();
        return new JobSpec(
                experimentId + "-" + label,
                experimentId,
                runId,
                s.architecture(),
                s.lossMode().trim().toLowerCase(Locale.ROOT),
                s.alpha(),
                s.temperature(),
                s.epochs(),
                s.learningRate(),
                s.momentum(),
                s.batchSize(),
                seed,
                init,
                submittedAt,
                group,
                s.transferSet());
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
