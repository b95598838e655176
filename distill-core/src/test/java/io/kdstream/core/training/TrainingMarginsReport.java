package io.kdstream.core.training;

import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.model.ArchitectureRegistry;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Not a test: how far each training outcome that a test asserts on lies from its floor, over
 * several seeds.
 *
 * <p>A seed does not pin a trajectory across machines (libtorch picks AVX2 or AVX-512 kernels, and
 * their rounding differs), so a floor is only safe when the outcome clears it over many
 * trajectories. Another seed changes the initial weights and the batch order, a far larger
 * perturbation than another CPU's rounding, so the minimum over seeds is a conservative stand-in
 * for "another machine". Each row trains the setting of the test it names, in memory (the services'
 * tests train the same way, through {@link ClassifierTrainer}). Run it on a new kind of machine
 * before trusting the floors (about 15 minutes for 8 seeds on one core):
 *
 * <pre>
 * ./mvnw -B -pl distill-core -am test -Dtest=TrainingMarginsReport -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmargins.seeds=8 [-Dmargins.only=TeacherStreamIT]
 * </pre>
 *
 * <p>The class name does not end in {@code Test}, so {@code ./mvnw verify} never runs it.
 */
class TrainingMarginsReport {

    private static final int SEEDS = Integer.getInteger("margins.seeds", 5);
    private static final String ONLY = System.getProperty("margins.only", "");

    private static final String TEACHER = ArchitectureRegistry.TUTORIAL_TEACHER;
    private static final String STUDENT = ArchitectureRegistry.TUTORIAL_STUDENT;

    private final MnistSplit train = Mnist.train(Mnist.defaultDataDir());
    private final MnistSplit test = Mnist.test(Mnist.defaultDataDir());

    @Test
    void report() {
        test.pixels32();
        teacherStream();
        classifierTrainer();
        evaluatorService();
        pipelineEndToEnd();
    }

    /** teacher-service TeacherStreamIT (TinyTeacherResource): agreement on the streamed images. */
    private void teacherStream() {
        MnistSplit images = train.subset(1000);
        row(
                "TeacherStreamIT teacher: training images ranked right (floor 0.80)",
                seed -> {
                    try (Model m = trainTeacher(images, 0.02f, 16, 8, seed)) {
                        return ClassifierInference.evaluate(m, images, 250).accuracy();
                    }
                });
    }

    /** distill-core ClassifierTrainerTest: the teacher, then a student per loss mode. */
    private void classifierTrainer() {
        MnistSplit teacherImages = train.subset(10_000);
        row(
                "ClassifierTrainerTest teacher: test accuracy (floor 0.90)",
                seed -> {
                    try (Model m = trainTeacher(teacherImages, 0.02f, 32, 2, seed)) {
                        return ClassifierInference.evaluate(m, test, 1000).accuracy();
                    }
                });
        if (!selected("ClassifierTrainerTest student")) {
            return;
        }
        MnistSplit images = train.subset(3000);
        float[] logits;
        try (Model teacher = trainTeacher(teacherImages, 0.02f, 32, 2, 42)) {
            logits = ClassifierInference.predictLogits(teacher, images, 0, images.size(), 500);
        }
        for (Mode mode : Mode.values()) {
            float lr = mode == Mode.HINTON ? 0.01f : 0.05f;
            row(
                    "ClassifierTrainerTest student "
                            + mode.configName()
                            + ": test accuracy (floor 0.85)",
                    seed -> {
                        TrainingSpec spec =
                                TrainingSpec.builder(STUDENT)
                                        .optLoss(mode, 0.5f, 4f)
                                        .optSgd(lr, 0.9f)
                                        .optBatchSize(32)
                                        .optEpochs(5)
                                        .optSeed(seed)
                                        .build();
                        try (Model m = ClassifierTrainer.newModel(spec)) {
                            TrainingSummary s =
                                    ClassifierTrainer.fit(
                                            m,
                                            spec,
                                            images,
                                            TeacherSignal.fromLogits(logits, 10),
                                            ProgressListener.NONE);
                            List<Double> losses =
                                    s.epochs().stream().map(EpochSummary::meanLoss).toList();
                            System.out.printf(
                                    Locale.ROOT,
                                    "    seed %d: last/first epoch loss %.3f%n",
                                    seed,
                                    losses.get(losses.size() - 1) / losses.get(0));
                            return ClassifierInference.evaluate(m, test, 2000).accuracy();
                        }
                    });
        }
    }

    /** evaluator-service EvaluatorServiceIT: the checkpoint it sends to the evaluator. */
    private void evaluatorService() {
        MnistSplit images = train.subset(2000);
        row(
                "EvaluatorServiceIT teacher: test accuracy (floor 0.70)",
                seed -> {
                    try (Model m = trainTeacher(images, 0.02f, 16, 3, seed)) {
                        return ClassifierInference.evaluate(m, test, 1000).accuracy();
                    }
                });
    }

    /**
     * e2e-tests PipelineEndToEndIT: the quick teacher on 6,000 images, then the standard
     * experiment's students (lr 0.005, batch 64, alpha 0.1, T 10) for 8 epochs.
     */
    private void pipelineEndToEnd() {
        MnistSplit images = train.subset(6000);
        row(
                "PipelineEndToEndIT teacher: test accuracy (floor 0.90)",
                seed -> {
                    try (Model m = trainTeacher(images, 0.05f, 64, 3, seed)) {
                        return ClassifierInference.evaluate(m, test, 1000).accuracy();
                    }
                });
        for (Mode mode : new Mode[] {Mode.HINTON, Mode.NONE}) {
            double floor = mode == Mode.HINTON ? 0.90 : 0.80;
            row(
                    String.format(
                            Locale.ROOT,
                            "PipelineEndToEndIT student %s: test accuracy (floor %.2f)",
                            mode.configName(),
                            floor),
                    seed -> {
                        TeacherSignal teacher = null;
                        if (mode != Mode.NONE) {
                            try (Model m = trainTeacher(images, 0.05f, 64, 3, seed)) {
                                teacher =
                                        TeacherSignal.fromLogits(
                                                ClassifierInference.predictLogits(
                                                        m, images, 0, images.size(), 500),
                                                10);
                            }
                        }
                        TrainingSpec spec =
                                TrainingSpec.builder(STUDENT)
                                        .optLoss(mode, 0.1f, 10f)
                                        .optSgd(0.005f, 0.9f)
                                        .optBatchSize(64)
                                        .optEpochs(8)
                                        .optSeed(seed)
                                        .build();
                        try (Model m = ClassifierTrainer.newModel(spec)) {
                            ClassifierTrainer.fit(m, spec, images, teacher, ProgressListener.NONE);
                            return ClassifierInference.evaluate(m, test, 1000).accuracy();
                        }
                    });
        }
    }

    private static boolean selected(String name) {
        return name.startsWith(ONLY);
    }

    /**
     * A trained {@code tutorial-teacher} (SGD momentum 0.9, PyTorch init); the caller closes it.
     */
    private static Model trainTeacher(
            MnistSplit images, float lr, int batchSize, int epochs, long seed) {
        TrainingSpec spec =
                TrainingSpec.builder(TEACHER)
                        .optNoDistillation()
                        .optSgd(lr, 0.9f)
                        .optBatchSize(batchSize)
                        .optEpochs(epochs)
                        .optSeed(seed)
                        .build();
        Model model = ClassifierTrainer.newModel(spec);
        try {
            ClassifierTrainer.fit(model, spec, images, null, ProgressListener.NONE);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Runs one outcome for seeds 1..SEEDS and prints min, mean and max. */
    private static void row(String name, LongFunction<Double> outcome) {
        if (!selected(name)) {
            return;
        }
        List<Double> values = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            values.add(outcome.apply(seed));
        }
        DoubleSummaryStatistics stats =
                values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        System.out.printf(
                Locale.ROOT,
                "MARGIN %-72s min %.4f mean %.4f max %.4f  %s%n",
                name,
                stats.getMin(),
                stats.getAverage(),
                stats.getMax(),
                values.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList());
    }
}
