package io.kdstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code scripts/bench.sh} measured in one run and prints the table: ours, PyTorch's,
 * the ratio and the goal of issue 11. Every ratio reads "higher is better for kd-stream":
 * throughput ours / theirs, time theirs / ours.
 *
 * <p>Inputs in {@code --dir}: {@code loops.jsonl} ({@link LoopBench}), {@code peer.jsonl} (the
 * peer's bench lines and the wall time of its three quick trainings), {@code pipeline-1worker/} and
 * {@code pipeline/} (the service logs of {@code scripts/run-local.sh} with one and with two student
 * workers), {@code pipeline-rss.txt} and {@code pipeline-wall.txt}, and {@code ops.txt} / {@code
 * ops-peer.txt} ({@link OpBench} and {@code ops_peer.py}). A missing part leaves its rows as "-".
 * Output: the table on stdout and every figure in {@code bench.json}.
 */
public final class BenchReport {

    private static final Pattern NUMBER_FIELD =
            Pattern.compile("\"(\\w+)\":\\s*(\"[^\"]*\"|-?[0-9.eE+-]+|null)");

    private final Path dir;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();

    private BenchReport(Path dir) {
        this.dir = dir;
    }

    /**
     * Prints the report.
     *
     * @param args {@code --dir DIR}, the bench run's folder
     * @throws IOException if a file cannot be read or bench.json cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(Args.parse(args).value("--dir", "target/bench"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dir: " + dir + " is not a folder");
        }
        new BenchReport(dir).report();
    }

    private void report() throws IOException {
        Map<String, Map<String, String>> ours = benchLines(dir.resolve("loops.jsonl"));
        Map<String, Map<String, String>> peer = benchLines(dir.resolve("peer.jsonl"));
        Pipeline pipeline = Pipeline.read(dir.resolve("pipeline"));
        // students alone on the machine, one after the other (1 worker)
        Pipeline alone = Pipeline.read(dir.resolve("pipeline-1worker"));

        double teacherLoop = median(ours, "teacher_train");
        double scratchLoop = median(ours, "student_none");
        double hintonLoop = median(ours, "student_hinton");
        double inferLoop = median(ours, "teacher_infer");
        double peerTeacher = median(peer, "teacher_train");
        double peerScratch = median(peer, "student_none");
        double peerHinton = median(peer, "student_hinton");
        double peerInfer = median(peer, "teacher_infer");

        rows.add("| work | kd-stream | PyTorch peer | ratio | goal |");
        rows.add("|---|---|---|---|---|");
        throughput("teacher training loop", "teacher_loop", teacherLoop, peerTeacher, ">= 1.0x");
        throughput("scratch student loop", "scratch_loop", scratchLoop, peerScratch, ">= 1.0x");
        throughput(
                "distilled student loop, logits from memory (peer: teacher forward every step)",
                "distilled_loop",
                hintonLoop,
                peerHinton,
                "-");
        throughput("teacher inference", "teacher_infer", inferLoop, peerInfer, "-");
        throughput(
                "teacher in the pipeline (median epoch)",
                "pipeline_teacher",
                pipeline.teacherSamplesPerSecond(),
                peerTeacher,
                "-");
        throughput(
                "scratch student from the Kafka replay (1 worker, median epoch)",
                "pipeline_scratch",
                alone.studentSamplesPerSecond("none"),
                peerScratch,
                "-");
        throughput(
                "distilled student from the Kafka replay (1 worker, median epoch)",
                "pipeline_distilled",
                alone.studentSamplesPerSecond("hinton"),
                peerHinton,
                ">= 1.3x");
        double replayVsMemory = alone.studentSamplesPerSecond("hinton") / hintonLoop;
        figures.put("replay_vs_memory_loop", replayVsMemory);
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| distilled student: Kafka replay / our loop from memory | %s | %s | %s |"
                                + " >= 0.95x |",
                        rate(alone.studentSamplesPerSecond("hinton")),
                        rate(hintonLoop) + " (ours, memory)",
                        ratio(replayVsMemory)));
        double inferSeconds = pipeline.streamedImages() / inferLoop;
        double streamRatio = pipeline.streamSeconds() / inferSeconds;
        figures.put("stream_seconds", pipeline.streamSeconds());
        figures.put("stream_over_inference", streamRatio);
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| stream %,d teacher logits / our pure inference of them | %s | %s |"
                                + " %s | <= 2.0x |",
                        (long) pipeline.streamedImages(),
                        seconds(pipeline.streamSeconds()),
                        seconds(inferSeconds) + " (ours, inference)",
                        ratio(streamRatio)));
        Map<String, String> peerExperiment = peer.get("peer_quick_experiment");
        double peerSeconds =
                peerExperiment == null ? Double.NaN : number(peerExperiment.get("seconds"));
        double wall = pipeline.wallSeconds(dir.resolve("pipeline-wall.txt"));
        figures.put(
                "students_in_two_workers_samples_per_s",
                pipeline.studentSamplesPerSecond("hinton")
                        + pipeline.studentSamplesPerSecond("none"));
        figures.put("quick_experiment_seconds", wall);
        figures.put("peer_quick_experiment_seconds", peerSeconds);
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| whole quick experiment (ours: run-local.sh, start to comparison; peer:"
                                + " the three trainings in turn) | %s | %s | %s | >= 1.0x |",
                        seconds(wall),
                        seconds(peerSeconds),
                        ratio(peerSeconds / wall)));
        for (Map.Entry<String, Double> e : pipeline.startupSeconds().entrySet()) {
            figures.put("startup_" + e.getKey(), e.getValue());
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| start-up of %s (Quarkus) | %s | - | - | - |",
                            e.getKey(),
                            seconds(e.getValue())));
        }
        for (Map.Entry<String, Long> e :
                Pipeline.peakRss(dir.resolve("pipeline-rss.txt")).entrySet()) {
            figures.put("peak_rss_mb_" + e.getKey(), e.getValue() / 1024.0);
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| peak RSS of %s | %,d MB | - | - | <= 1,200 MB |",
                            e.getKey(),
                            e.getValue() / 1024));
        }
        opRows(dir.resolve("ops.txt"), dir.resolve("ops-peer.txt"));
        rows.forEach(System.out::println);
        StringBuilder json = new StringBuilder("{");
        figures.forEach(
                (k, v) ->
                        json.append(json.length() > 1 ? "," : "")
                                .append(
                                        String.format(
                                                Locale.ROOT,
                                                "\"%s\":%s",
                                                k,
                                                Double.isFinite(v)
                                                        ? String.format(Locale.ROOT, "%.3f", v)
                                                        : "null")));
        Files.writeString(dir.resolve("bench.json"), json.append("}\n").toString());
    }

    /**
     * The per-operation table: milliseconds per call, ours and PyTorch's, forward and both ways.
     */
    private void opRows(Path ours, Path peer) throws IOException {
        Map<String, double[]> mine = ops(ours);
        if (mine.isEmpty()) {
            return;
        }
        Map<String, double[]> theirs = ops(peer);
        rows.add("");
        rows.add(
                "| operation (batch of 64, ms per call) | kd-stream forward | PyTorch forward | ratio"
                        + " | kd-stream forward + backward | PyTorch forward + backward | ratio |");
        rows.add("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, double[]> e : mine.entrySet()) {
            double[] m = e.getValue();
            double[] t = theirs.getOrDefault(e.getKey(), new double[] {Double.NaN, Double.NaN});
            String key = e.getKey().replaceAll("[^a-z0-9]+", "_");
            figures.put("op_" + key + "_forward_ms", m[0]);
            figures.put("op_" + key + "_forward_backward_ms", m[1]);
            figures.put("op_" + key + "_peer_forward_ms", t[0]);
            figures.put("op_" + key + "_peer_forward_backward_ms", t[1]);
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.3f | %s | %s | %.3f | %s | %s |",
                            e.getKey(),
                            m[0],
                            ms(t[0]),
                            ratio(t[0] / m[0]),
                            m[1],
                            ms(t[1]),
                            ratio(t[1] / m[1])));
        }
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    /** "op NAME FORWARD_MS FORWARD_BACKWARD_MS" lines, by name. */
    private static Map<String, double[]> ops(Path file) throws IOException {
        Map<String, double[]> ops = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return ops;
        }
        Pattern line = Pattern.compile("^op (.+?)\\s+([0-9.]+)\\s+([0-9.]+)$");
        for (String l : Files.readAllLines(file)) {
            Matcher m = line.matcher(l.trim());
            if (m.matches()) {
                ops.put(
                        m.group(1),
                        new double[] {
                            Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))
                        });
            }
        }
        return ops;
    }

    private void throughput(String work, String key, double ours, double theirs, String goal) {
        figures.put(key + "_samples_per_s", ours);
        figures.put(key + "_peer_samples_per_s", theirs);
        figures.put(key + "_ratio", ours / theirs);
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s |",
                        work,
                        rate(ours),
                        rate(theirs),
                        ratio(ours / theirs),
                        goal));
    }

    private static String rate(double samplesPerSecond) {
        return Double.isFinite(samplesPerSecond)
                ? String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond)
                : "-";
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.1f s", s) : "-";
    }

    private static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "-";
    }

    private static double median(Map<String, Map<String, String>> lines, String what) {
        Map<String, String> line = lines.get(what);
        return line == null ? Double.NaN : number(line.get("median"));
    }

    private static double number(String value) {
        return value == null || value.equals("null") ? Double.NaN : Double.parseDouble(value);
    }

    /** JSON lines by their "what" (bench lines) or "kind" (others); the last line of each wins. */
    static Map<String, Map<String, String>> benchLines(Path file) throws IOException {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        if (!Files.exists(file)) {
            return byName;
        }
        for (String line : Files.readAllLines(file)) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = NUMBER_FIELD.matcher(line);
            while (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\"", ""));
            }
            String name =
                    "bench".equals(fields.get("kind")) ? fields.get("what") : fields.get("kind");
            if (name != null) {
                byName.put(name, fields);
            }
        }
        return byName;
    }
}
