package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.JobProgress;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.kdstream.evaluator.domain.OmittedClassScore;
import io.kdstream.evaluator.statistics.SeedStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes an experiment's comparison from the latest evaluations of its teacher and jobs.
 *
 * <p>Plain Java over domain records, so the deltas and the completeness rule are tested without
 * Quarkus or Kafka.
 */
public final class ComparisonCalculator {

    /** The label of the teacher's row. */
    public static final String TEACHER_LABEL = "teacher";

    private ComparisonCalculator() {}

    /**
     * Computes a comparison.
     *
     * <p>Rows: the teacher, then each job with at least one evaluation (its latest epoch), in the
     * order of {@code jobs}. Deltas are accuracy differences in percentage points; the scratch
     * reference is the first job with loss {@code none} that has an evaluation, and every row, the
     * scratch row included (0), gets a delta against it. The comparison is complete when every job
     * has an evaluation of its final epoch or its latest progress is REJECTED or FAILED.
     *
     * @param experimentId the experiment
     * @param teacherRunId its teacher run
     * @param jobs the experiment's jobs, in display order
     * @param teacher the evaluation of the run's teacher checkpoint, or {@code null}
     * @param latestByJob the latest-epoch evaluation of each job that has one, by job id
     * @param progressByJob the latest progress of each job that has one, by job id
     * @param now the time to stamp on the comparison
     * @return the comparison, or empty while the teacher has no evaluation (no deltas without it)
     */
    public static Optional<ComparisonView> compute(
            String experimentId,
            String teacherRunId,
            List<JobSpec> jobs,
            ModelEvaluation teacher,
            Map<String, ModelEvaluation> latestByJob,
            Map<String, JobProgress> progressByJob,
            Instant now) {
        if (teacher == null) {
            return Optional.empty();
        }
        ModelEvaluation scratch = scratchReference(jobs, latestByJob);
        List<ComparisonView.Row> rows = new ArrayList<>();
        rows.add(teacherRow(teacher, scratch));
        for (JobSpec job : jobs) {
            ModelEvaluation e = latestByJob.get(job.jobId());
            if (e != null) {
                rows.add(studentRow(job, e, teacher, scratch));
            }
        }
        boolean complete = isComplete(jobs, latestByJob, progressByJob);
        return Optional.of(
                new ComparisonView(
                        experimentId,
                        teacherRunId,
                        complete,
                        rows,
                        now,
                        groups(jobs, latestByJob)));
    }

    /**
     * The seed groups' summaries, when a student of the experiment has more than one seed or left a
     * class out (where the group carries the omitted digit's figures, one seed or more): each
     * group's final-epoch accuracies summarised, and their difference to the scratch group's (the
     * group of the first scratch job) with Welch's interval. Jobs still training are left out of
     * the figures (a mean over different epochs would mean nothing) and counted in {@code seeds}.
     */
    static List<ComparisonView.Group> groups(
            List<JobSpec> jobs, Map<String, ModelEvaluation> latestByJob) {
        Map<String, List<JobSpec>> byGroup = new LinkedHashMap<>();
        jobs.forEach(j -> byGroup.computeIfAbsent(j.groupName(), g -> new ArrayList<>()).add(j));
        boolean omitsAClass = jobs.stream().anyMatch(j -> j.transferSet().omittedClass() != null);
        if (!omitsAClass && byGroup.values().stream().allMatch(g -> g.size() < 2)) {
            return List.of();
        }
        Map<String, List<ModelEvaluation>> finalEvaluations = new LinkedHashMap<>();
        Map<String, List<Double>> finals = new LinkedHashMap<>();
        byGroup.forEach(
                (group, members) -> {
                    List<ModelEvaluation> done = new ArrayList<>();
                    for (JobSpec j : members) {
                        ModelEvaluation e = latestByJob.get(j.jobId());
                        if (e != null && e.epoch() >= j.epochs()) {
                            done.add(e);
                        }
                    }
                    finalEvaluations.put(group, done);
                    finals.put(group, done.stream().map(ModelEvaluation::accuracy).toList());
                });
        String scratchGroup =
                jobs.stream()
                        .filter(JobSpec::scratch)
                        .map(JobSpec::groupName)
                        .findFirst()
                        .orElse(null);
        List<Double> scratch = scratchGroup == null ? List.of() : finals.get(scratchGroup);
        List<ComparisonView.Group> out = new ArrayList<>();
        byGroup.forEach(
                (group, members) ->
                        out.add(
                                group(
                                        group,
                                        members,
                                        finals.get(group),
                                        group.equals(scratchGroup) ? null : scratch,
                                        omittedClass(finalEvaluations.get(group)))));
        return out;
    }

    /** The omitted class over the seeds whose evaluation scored it, or {@code null}. */
    static ComparisonView.OmittedClassSummary omittedClass(List<ModelEvaluation> evaluations) {
        List<OmittedClassScore> scores =
                evaluations.stream()
                        .map(ModelEvaluation::omittedClass)
                        .filter(java.util.Objects::nonNull)
                        .toList();
        if (scores.isEmpty()) {
            return null;
        }
        int c = scores.get(0).omittedClass();
        List<Double> asTrained =
                evaluations.stream()
                        .filter(e -> e.omittedClass() != null)
                        .map(e -> e.perClassAccuracy().get(c))
                        .toList();
        SeedStatistics.Summary trained = SeedStatistics.summarize(asTrained);
        SeedStatistics.Summary adjusted =
                SeedStatistics.summarize(
                        scores.stream().map(OmittedClassScore::adjustedClassAccuracy).toList());
        return new ComparisonView.OmittedClassSummary(
                c,
                trained.mean(),
                trained.sd(),
                adjusted.mean(),
                adjusted.sd(),
                SeedStatistics.summarize(
                                scores.stream().map(OmittedClassScore::adjustedAccuracy).toList())
                        .mean(),
                SeedStatistics.summarize(scores.stream().map(OmittedClassScore::bias).toList())
                        .mean());
    }

    private static ComparisonView.Group group(
            String label,
            List<JobSpec> members,
            List<Double> values,
            List<Double> scratch,
            ComparisonView.OmittedClassSummary omitted) {
        String lossMode = members.get(0).lossMode();
        if (values.isEmpty()) {
            return new ComparisonView.Group(
                    label, lossMode, members.size(), 0, null, null, null, null, null, null, null);
        }
        SeedStatistics.Summary summary = SeedStatistics.summarize(values);
        Double delta = null;
        Double low = null;
        Double high = null;
        Boolean significant = null;
        if (scratch == null) {
            delta = 0.0; // the scratch group itself
        } else if (!scratch.isEmpty()) {
            SeedStatistics.Difference d = SeedStatistics.welch(values, scratch);
            delta = d.mean() * 100.0;
            if (d.low() != null) {
                low = d.low() * 100.0;
                high = d.high() * 100.0;
                significant = d.significant();
            }
        }
        return new ComparisonView.Group(
                label,
                lossMode,
                members.size(),
                values.size(),
                summary.mean(),
                summary.sd(),
                delta,
                low,
                high,
                significant,
                omitted);
    }

    /** The evaluation of the first scratch job that has one, or {@code null}. */
    private static ModelEvaluation scratchReference(
            List<JobSpec> jobs, Map<String, ModelEvaluation> latestByJob) {
        for (JobSpec job : jobs) {
            ModelEvaluation e = latestByJob.get(job.jobId());
            if (job.scratch() && e != null) {
                return e;
            }
        }
        return null;
    }

    /** Whether every job has evaluated its final epoch or given up; never for no jobs. */
    private static boolean isComplete(
            List<JobSpec> jobs,
            Map<String, ModelEvaluation> latestByJob,
            Map<String, JobProgress> progressByJob) {
        boolean complete = !jobs.isEmpty();
        for (JobSpec job : jobs) {
            ModelEvaluation e = latestByJob.get(job.jobId());
            JobProgress progress = progressByJob.get(job.jobId());
            boolean finalEpoch = e != null && e.epoch() >= job.epochs();
            boolean gaveUp = progress != null && progress.gaveUp();
            complete &= finalEpoch || gaveUp;
        }
        return complete;
    }

    private static ComparisonView.Row teacherRow(ModelEvaluation teacher, ModelEvaluation scratch) {
        return new ComparisonView.Row(
                TEACHER_LABEL,
                teacher.modelId(),
                ModelRole.TEACHER,
                null,
                teacher.architecture(),
                teacher.lossMode(),
                null,
                null,
                teacher.epoch(),
                teacher.epochs(),
                teacher.accuracy(),
                teacher.errors(),
                0.0,
                delta(teacher, scratch),
                teacher.parameterCount(),
                teacher.sizeBytes(),
                1.0,
                1.0,
                teacher.imagesPerSecond());
    }

    private static ComparisonView.Row studentRow(
            JobSpec job, ModelEvaluation e, ModelEvaluation teacher, ModelEvaluation scratch) {
        boolean distils = !job.scratch();
        return new ComparisonView.Row(
                job.label(),
                e.modelId(),
                ModelRole.STUDENT,
                job.jobId(),
                e.architecture(),
                job.lossMode(),
                distils ? job.alpha() : null,
                distils ? job.temperature() : null,
                e.epoch(),
                job.epochs(),
                e.accuracy(),
                e.errors(),
                percentagePoints(e.accuracy(), teacher.accuracy()),
                delta(e, scratch),
                e.parameterCount(),
                e.sizeBytes(),
                (double) teacher.parameterCount() / e.parameterCount(),
                e.teacherAgreement(),
                e.imagesPerSecond());
    }

    /**
     * Returns an accuracy difference in percentage points.
     *
     * @param accuracy an accuracy in [0, 1]
     * @param reference the accuracy compared with, in [0, 1]
     * @return {@code (accuracy - reference) * 100}
     */
    public static double percentagePoints(double accuracy, double reference) {
        return (accuracy - reference) * 100.0;
    }

    private static Double delta(ModelEvaluation e, ModelEvaluation scratch) {
        return scratch == null ? null : percentagePoints(e.accuracy(), scratch.accuracy());
    }
}
