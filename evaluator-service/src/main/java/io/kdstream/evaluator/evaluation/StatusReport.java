package io.kdstream.evaluator.evaluation;

import io.kdstream.evaluator.domain.ExperimentView;
import io.kdstream.evaluator.domain.JobProgress;
import java.util.List;
import java.util.Locale;

/**
 * Renders the progress of the teacher work and of every experiment's jobs as short text lines, for
 * the run script's progress display ({@code GET /api/status}).
 */
public final class StatusReport {

    private StatusReport() {}

    /**
     * Renders the status.
     *
     * @param teacherWork the latest progress of each teacher training or stream
     * @param experiments the experiments
     * @return one line per teacher work, experiment and job, each ending with a newline
     */
    public static String render(List<JobProgress> teacherWork, List<ExperimentView> experiments) {
        StringBuilder out = new StringBuilder();
        for (JobProgress p : teacherWork) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "teacher %s %s %s%s%n",
                            p.id(),
                            p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            p.state(),
                            details(
                                    p.epoch(),
                                    p.epochs(),
                                    p.step(),
                                    p.stepsPerEpoch(),
                                    p.loss(),
                                    p.samplesPerSecond(),
                                    p.etaSeconds(),
                                    p.worker(),
                                    p.reason())));
        }
        if (experiments.isEmpty() && teacherWork.isEmpty()) {
            out.append("no teacher run or experiment yet\n");
        }
        for (ExperimentView x : experiments) {
            long finals =
                    x.jobs().stream()
                            .filter(
                                    j ->
                                            j.evaluatedEpoch() != null
                                                    && j.evaluatedEpoch() >= j.epochs())
                            .count();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "experiment %s (teacher run %s): %d/%d jobs evaluated at their final epoch%s%n",
                            x.experimentId(),
                            x.teacherRunId(),
                            finals,
                            x.jobs().size(),
                            x.complete() ? ", comparison complete" : ""));
            for (ExperimentView.JobView j : x.jobs()) {
                String evaluated =
                        j.accuracy() == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "  test acc %.2f%% (epoch %d)",
                                        j.accuracy() * 100,
                                        j.evaluatedEpoch());
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %s %s%s%s%n",
                                j.jobId(),
                                j.state(),
                                details(
                                        j.epoch(),
                                        j.epochs(),
                                        j.step(),
                                        j.stepsPerEpoch(),
                                        j.loss(),
                                        j.samplesPerSecond(),
                                        j.etaSeconds(),
                                        j.worker(),
                                        j.reason()),
                                evaluated));
            }
        }
        return out.toString();
    }

    private static String details(
            int epoch,
            int epochs,
            int step,
            int stepsPerEpoch,
            Double loss,
            Double samplesPerSecond,
            Double etaSeconds,
            String worker,
            String reason) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "  epoch %d/%d", epoch, epochs));
        if (stepsPerEpoch > 0) {
            s.append(String.format(Locale.ROOT, " step %d/%d", step, stepsPerEpoch));
        }
        if (loss != null) {
            s.append(String.format(Locale.ROOT, "  loss %.4f", loss));
        }
        if (samplesPerSecond != null) {
            s.append(String.format(Locale.ROOT, "  %,.0f samples/s", samplesPerSecond));
        }
        if (etaSeconds != null) {
            s.append("  ETA ").append(duration(etaSeconds));
        }
        if (worker != null && !worker.isBlank()) {
            s.append("  on ").append(worker);
        }
        if (reason != null && !reason.isBlank()) {
            s.append("  reason: ").append(reason);
        }
        return s.toString();
    }

    /**
     * Formats seconds as {@code 1h02m03s}, {@code 2m05s} or {@code 42s}.
     *
     * @param seconds a duration in seconds
     * @return the text
     */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
