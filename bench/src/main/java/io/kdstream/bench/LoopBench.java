package io.kdstream.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.EpochSource;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.ResumePoint;
import io.kdstream.core.training.TeacherSignal;
import io.kdstream.core.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of kd-stream's own training and inference loops in one process, measured as the
 * PyTorch peer's {@code seed_kd.py bench} measures its own: windows of {@code --window-batches}
 * batches of the same training images, after one window of warm-up, kept only when other processes
 * took no more than 5% of the window's wall time in CPU time (plus 20 ms for the 10 ms granularity
 * of /proc).
 *
 * <p>Every training kind runs {@link ClassifierTrainer#fit}, the loop the services run, one window
 * per epoch; {@code student_hinton} reads the teacher's logits from memory, as a worker does from
 * its Kafka replay, so it does no teacher forward pass (the peer's does one in every step). Each
 * kind prints a line and appends one JSON line to {@code --json}: median, min and max samples/s
 * over the kept windows, and the process's peak resident memory so far.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/lib/*' io.kdstream.bench.LoopBench \
 *     --data data/mnist --batch-size 64 --windows 5 --window-batches 60 --json target/bench/loops.jsonl
 * </pre>
 *
 * <p>{@code --keep-contended true} keeps every window, to measure under load on purpose (e.g. two
 * bench processes on two cores, as two workers run).
 */
public final class LoopBench {

    /** Kinds, named as the peer names them. */
    static final List<String> KINDS =
            List.of("teacher_train", "student_none", "student_hinton", "teacher_infer");

    private final MnistSplit images;
    private final int batchSize;
    private final int windows;
    private final Path json;
    private final boolean keepContended;

    private LoopBench(
            MnistSplit images, int batchSize, int windows, Path json, boolean keepContended) {
        this.keepContended = keepContended;
        this.images = images;
        this.batchSize = batchSize;
        this.windows = windows;
        this.json = json;
    }

    /**
     * Runs the bench.
     *
     * @param args {@code --data DIR --batch-size N --windows N --window-batches N --json FILE
     *     [--kinds a,b] [--keep-contended true]}
     * @throws IOException if the JSON file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Args a = Args.parse(args);
        int batchSize = a.intValue("--batch-size", 64);
        int windowBatches = a.intValue("--window-batches", 60);
        MnistSplit train = Mnist.train(Path.of(a.value("--data", "data/mnist")));
        LoopBench bench =
                new LoopBench(
                        train.subset(batchSize * windowBatches),
                        batchSize,
                        a.intValue("--windows", 5),
                        Path.of(a.value("--json", "target/bench/loops.jsonl")),
                        Boolean.parseBoolean(a.value("--keep-contended", "false")));
        System.out.printf(
                Locale.ROOT,
                "loops: DJL %s, libtorch %s, %s intra-op thread(s), batch %d, windows of %d"
                        + " batches%n",
                Engine.getDjlVersion(),
                Engine.getInstance().getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                batchSize,
                windowBatches);
        String[] kinds = a.value("--kinds", String.join(",", KINDS)).split(",");
        // on a thread of its own, as the services train: libtorch's thread settings are per thread
        Throwable[] failure = {null};
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                for (String kind : kinds) {
                                    bench.run(kind.trim());
                                }
                            } catch (IOException | RuntimeException e) {
                                failure[0] = e;
                            }
                        },
                        "training-1");
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failure[0] instanceof IOException io) {
            throw io;
        } else if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
    }

    private void run(String kind) throws IOException {
        List<Window> measured =
                switch (kind) {
                    case "teacher_train" -> train(ArchitectureRegistry.TUTORIAL_TEACHER, Mode.NONE);
                    case "student_none" -> train(ArchitectureRegistry.TUTORIAL_STUDENT, Mode.NONE);
                    case "student_hinton" ->
                            train(ArchitectureRegistry.TUTORIAL_STUDENT, Mode.HINTON);
                    case "teacher_infer" -> infer(ArchitectureRegistry.TUTORIAL_TEACHER);
                    default ->
                            throw new IllegalArgumentException(
                                    "--kinds: unknown kind '" + kind + "'; known: " + KINDS);
                };
        Summary s =
                Summary.of(
                        keepContended
                                ? measured.stream()
                                        .map(w -> new Window(w.samplesPerSecond(), false))
                                        .toList()
                                : measured);
        System.out.printf(
                Locale.ROOT,
                "bench %-15s batch=%d: median %.0f samples/s (min %.0f, max %.0f, n=%d, dropped"
                        + " %d), peak RSS %d MB%n",
                kind,
                batchSize,
                s.median(),
                s.min(),
                s.max(),
                s.kept(),
                s.dropped(),
                Machine.peakRssBytes() >> 20);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "bench");
        line.put("what", kind);
        line.put("batch", batchSize);
        line.put("median", s.median());
        line.put("min", s.min());
        line.put("max", s.max());
        line.put("n", s.kept());
        line.put("dropped", s.dropped());
        line.put("peakRssBytes", Machine.peakRssBytes());
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(
                json,
                toJson(line) + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** One flat JSON object: strings quoted, numbers as they are, NaN as null. */
    private static String toJson(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach(
                (k, v) -> {
                    out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":");
                    if (v instanceof String text) {
                        out.append('"').append(text).append('"');
                    } else if (v instanceof Double d && !Double.isFinite(d)) {
                        out.append("null");
                    } else {
                        out.append(
                                String.format(Locale.ROOT, v instanceof Double ? "%.1f" : "%s", v));
                    }
                });
        return out.append('}').toString();
    }

    /** One warm-up epoch, then one window per epoch, through the services' training loop. */
    private List<Window> train(String architecture, Mode mode) {
        TrainingSpec.Builder builder =
                TrainingSpec.builder(architecture)
                        .optSgd(0.005f, 0.9f)
                        .optBatchSize(batchSize)
                        .optEpochs(windows + 1)
                        .optSeed(1);
        TeacherSignal teacher = null;
        if (mode == Mode.NONE) {
            builder.optNoDistillation();
        } else {
            builder.optLoss(mode, 0.1f, 10f);
            teacher = TeacherSignal.fromLogits(teacherLogits(), 10);
        }
        TrainingSpec spec = builder.build();
        List<Window> result = new ArrayList<>();
        Machine.Sample[] start = {Machine.sample()};
        ProgressListener listener =
                new ProgressListener() {
                    @Override
                    public void onEpoch(EpochSummary summary) {
                        Machine.Sample end = Machine.sample();
                        if (summary.epoch() > 1) {
                            result.add(Window.of(start[0], end, summary.seconds(), images.size()));
                        }
                        start[0] = Machine.sample();
                    }
                };
        try (Model model = ClassifierTrainer.newModel(spec)) {
            EpochSource source = EpochSource.of(images, teacher, batchSize, spec.seed());
            ClassifierTrainer.fit(model, spec, source, ResumePoint.START, () -> false, listener);
        }
        return result;
    }

    /** The logits of a freshly initialized teacher: the cost of a step does not depend on them. */
    private float[] teacherLogits() {
        TrainingSpec spec =
                TrainingSpec.builder(ArchitectureRegistry.TUTORIAL_TEACHER)
                        .optNoDistillation()
                        .optSeed(2)
                        .build();
        try (Model teacher = ClassifierTrainer.newModel(spec)) {
            return ClassifierInference.predictLogits(teacher, images, 0, images.size(), 500);
        }
    }

    /** Inference windows pass over the images several times, to last about half a second. */
    private List<Window> infer(String architecture) {
        TrainingSpec spec =
                TrainingSpec.builder(architecture).optNoDistillation().optSeed(3).build();
        List<Window> result = new ArrayList<>();
        try (Model model = ClassifierTrainer.newModel(spec)) {
            long t0 = System.nanoTime();
            ClassifierInference.evaluate(model, images, batchSize);
            int passes = (int) Math.ceil(0.5 / ((System.nanoTime() - t0) / 1e9));
            for (int w = 0; w < windows; w++) {
                Machine.Sample start = Machine.sample();
                long begin = System.nanoTime();
                for (int p = 0; p < passes; p++) {
                    ClassifierInference.evaluate(model, images, batchSize);
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                result.add(Window.of(start, Machine.sample(), seconds, passes * images.size()));
            }
        }
        return result;
    }

    /** A timed window: throughput, and whether another process took the CPU meanwhile. */
    record Window(double samplesPerSecond, boolean contended) {

        static Window of(Machine.Sample start, Machine.Sample end, double seconds, int samples) {
            double others = end.othersBusySeconds() - start.othersBusySeconds();
            // /proc counts in 10 ms ticks per CPU: allow a tick or two of noise on short windows
            return new Window(samples / seconds, others > 0.05 * seconds + 0.02);
        }
    }

    /** Median, min and max of the uncontended windows. */
    record Summary(double median, double min, double max, int kept, int dropped) {

        static Summary of(List<Window> windows) {
            List<Double> kept =
                    windows.stream()
                            .filter(w -> !w.contended())
                            .map(Window::samplesPerSecond)
                            .sorted()
                            .toList();
            int dropped = windows.size() - kept.size();
            if (kept.isEmpty()) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, 0, dropped);
            }
            int n = kept.size();
            double median =
                    n % 2 == 1 ? kept.get(n / 2) : (kept.get(n / 2 - 1) + kept.get(n / 2)) / 2;
            return new Summary(median, kept.get(0), kept.get(n - 1), n, dropped);
        }
    }
}
