package io.kdstream.evaluator.report;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.domain.ModelEvaluation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-epoch test accuracy of an experiment's students, one band per student repeated over
 * seeds: at each epoch the mean, lowest and highest accuracy of its seeds, with the teacher's curve
 * as the reference. A single seed's curve says little about seed noise; the band shows whether two
 * students' curves separate by more than their seeds do.
 *
 * @param teacher the teacher's accuracy per epoch, empty when it is not evaluated
 * @param groups one band per student group ({@link JobSpec#groupName()}), in submission order
 */
public record SeedBands(List<Point> teacher, List<Band> groups) {

    /** Copies the lists. */
    public SeedBands {
        teacher = List.copyOf(teacher);
        groups = List.copyOf(groups);
    }

    /**
     * One epoch of the teacher's curve.
     *
     * @param epoch the epoch, 1-based
     * @param accuracy test accuracy in [0, 1]
     */
    public record Point(int epoch, double accuracy) {}

    /**
     * A student group over its seeds.
     *
     * @param label the group's name
     * @param lossMode hinton, tutorial or none
     * @param seeds jobs of the group
     * @param points one point per epoch that at least one seed has evaluated, in epoch order
     */
    public record Band(String label, String lossMode, int seeds, List<BandPoint> points) {

        /** Copies the points. */
        public Band {
            points = List.copyOf(points);
        }
    }

    /**
     * One epoch of a band.
     *
     * @param epoch the epoch, 1-based
     * @param n seeds evaluated at this epoch
     * @param mean their mean test accuracy
     * @param min the lowest
     * @param max the highest
     */
    public record BandPoint(int epoch, int n, double mean, double min, double max) {}

    /**
     * Computes the bands of an experiment.
     *
     * @param jobs the experiment's jobs, in submission order
     * @param teacherOwnerId the teacher training whose evaluations make the teacher curve, or
     *     {@code null}
     * @param evaluations evaluations to pick from; others' are ignored, and of two of one model and
     *     epoch the later counts
     * @return the bands
     */
    public static SeedBands of(
            List<JobSpec> jobs, String teacherOwnerId, Collection<ModelEvaluation> evaluations) {
        Map<String, List<JobSpec>> byGroup = new LinkedHashMap<>();
        jobs.forEach(j -> byGroup.computeIfAbsent(j.groupName(), g -> new ArrayList<>()).add(j));
        List<Band> bands = new ArrayList<>();
        for (Map.Entry<String, List<JobSpec>> group : byGroup.entrySet()) {
            Map<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (JobSpec job : group.getValue()) {
                byEpoch(evaluations, ModelRole.STUDENT, job.jobId())
                        .forEach(
                                (epoch, e) ->
                                        byEpoch.computeIfAbsent(epoch, k -> new ArrayList<>())
                                                .add(e.accuracy()));
            }
            List<BandPoint> points = new ArrayList<>();
            byEpoch.forEach((epoch, values) -> points.add(point(epoch, values)));
            bands.add(
                    new Band(
                            group.getKey(),
                            group.getValue().get(0).lossMode(),
                            group.getValue().size(),
                            points));
        }
        List<Point> teacher = new ArrayList<>();
        if (teacherOwnerId != null) {
            byEpoch(evaluations, ModelRole.TEACHER, teacherOwnerId)
                    .forEach((epoch, e) -> teacher.add(new Point(epoch, e.accuracy())));
        }
        return new SeedBands(teacher, bands);
    }

    /** The latest evaluation of each epoch of one training. */
    private static Map<Integer, ModelEvaluation> byEpoch(
            Collection<ModelEvaluation> evaluations, ModelRole role, String ownerId) {
        Map<Integer, ModelEvaluation> latest = new TreeMap<>();
        for (ModelEvaluation e : evaluations) {
            if (e.role() == role && e.ownerId().equals(ownerId)) {
                latest.merge(
                        e.epoch(), e, (a, b) -> b.evaluatedAt().isBefore(a.evaluatedAt()) ? a : b);
            }
        }
        return latest;
    }

    private static BandPoint point(int epoch, List<Double> values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new BandPoint(epoch, values.size(), sum / values.size(), min, max);
    }
}
