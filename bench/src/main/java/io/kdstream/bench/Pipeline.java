package io.kdstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures of one {@code scripts/run-local.sh} run, read from the services' own log lines (the
 * ones they print for users, so the bench measures what a user sees).
 */
final class Pipeline {

    private static final Pattern TEACHER_EPOCH =
            Pattern.compile("Teacher \\S+ epoch \\d+/\\d+: .* ([0-9.]+) samples/s");
    private static final Pattern STREAMED =
            Pattern.compile(
                    "Teacher run \\S+ COMPLETE: (\\d+) images, \\d+ batches in ([0-9.]+) s");
    private static final Pattern JOB_START =
            Pattern.compile("Job (\\S+) \\(experiment \\S+\\) on \\S+: \\S+, loss (\\w+) ");
    private static final Pattern JOB_EPOCH =
            Pattern.compile("Job (\\S+) epoch \\d+/\\d+ done in .* ([0-9.]+) samples/s on ");
    private static final Pattern STARTED = Pattern.compile(" started in ([0-9.]+)s");

    private final List<Double> teacherEpochs = new ArrayList<>();
    private final Map<String, List<Double>> studentEpochsByLoss = new HashMap<>();
    private final Map<String, Double> startup = new TreeMap<>();
    private double streamedImages = Double.NaN;
    private double streamSeconds = Double.NaN;

    private Pipeline() {}

    static Pipeline read(Path runDir) throws IOException {
        Pipeline p = new Pipeline();
        if (!Files.isDirectory(runDir)) {
            return p;
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(runDir)) {
            logs = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
        Map<String, String> lossOfJob = new HashMap<>();
        Map<String, List<Double>> epochsOfJob = new HashMap<>();
        for (Path log : logs) {
            String service = log.getFileName().toString().replace(".log", "");
            for (String line : Files.readAllLines(log)) {
                Matcher m;
                if ((m = TEACHER_EPOCH.matcher(line)).find()) {
                    p.teacherEpochs.add(Double.parseDouble(m.group(1)));
                } else if ((m = STREAMED.matcher(line)).find()) {
                    p.streamedImages = Double.parseDouble(m.group(1));
                    p.streamSeconds = Double.parseDouble(m.group(2));
                } else if ((m = JOB_START.matcher(line)).find()) {
                    lossOfJob.put(m.group(1), m.group(2));
                } else if ((m = JOB_EPOCH.matcher(line)).find()) {
                    epochsOfJob
                            .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(Double.parseDouble(m.group(2)));
                } else if ((m = STARTED.matcher(line)).find() && !service.equals("broker")) {
                    p.startup.putIfAbsent(service, Double.parseDouble(m.group(1)));
                }
            }
        }
        epochsOfJob.forEach(
                (job, epochs) ->
                        p.studentEpochsByLoss
                                .computeIfAbsent(
                                        lossOfJob.getOrDefault(job, "?"), k -> new ArrayList<>())
                                .addAll(epochs));
        return p;
    }

    double teacherSamplesPerSecond() {
        return median(teacherEpochs);
    }

    /** The median epoch throughput of the students trained with a loss mode. */
    double studentSamplesPerSecond(String lossMode) {
        return median(studentEpochsByLoss.getOrDefault(lossMode, List.of()));
    }

    double streamedImages() {
        return streamedImages;
    }

    double streamSeconds() {
        return streamSeconds;
    }

    /** Quarkus's "started in" per service log (teacher, evaluator, student-1, ...). */
    Map<String, Double> startupSeconds() {
        return startup;
    }

    /** The wall time of the whole run, as scripts/bench.sh wrote it. */
    double wallSeconds(Path file) throws IOException {
        return Files.exists(file) ? Double.parseDouble(Files.readString(file).trim()) : Double.NaN;
    }

    /** Peak RSS in KiB per service, as scripts/bench.sh sampled it ("module pid kib" lines). */
    static Map<String, Long> peakRss(Path file) throws IOException {
        Map<String, Long> peak = new TreeMap<>();
        if (!Files.exists(file)) {
            return peak;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                // two workers of one module: student-service-1, student-service-2
                int n = seen.merge(f[0], 1, Integer::sum);
                peak.put(n == 1 ? f[0] : f[0] + "-" + n, Long.parseLong(f[2]));
            }
        }
        return peak;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
