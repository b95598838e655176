package io.kdstream.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.kdstream.core.data.BatchOrder;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a classifier on an {@link MnistSplit}, with or without a teacher's logits.
 *
 * <p>The loop is written out rather than left to {@code EasyTrain.fit}, because the labels of a
 * step come from two places (the split and a {@link TeacherSignal}) and because each step must
 * leave native memory as it found it: every step opens a sub-manager of the trainer's manager,
 * builds its batch there, runs forward and backward under a {@link GradientCollector}, calls {@code
 * trainer.step()} and closes the sub-manager. The batch order of epoch e is {@code
 * BatchOrder.shuffled(size, seed, e)}, so a run is reproducible from its {@link TrainingSpec}.
 *
 * <p>Typical use, as in DJL's {@code TrainMnist}:
 *
 * <pre>{@code
 * try (Model model = ClassifierTrainer.newModel(spec)) {
 *     TrainingSummary summary = ClassifierTrainer.fit(model, spec, train, teacher, listener);
 *     Evaluation result = ClassifierInference.evaluate(model, test, 1000);
 *     byte[] checkpoint = Checkpoints.toBytes(model.getBlock());
 * }
 * }</pre>
 */
public final class ClassifierTrainer {

    private ClassifierTrainer() {}

    /**
     * Creates a model for a spec: seeds the engine, builds the architecture with the spec's weight
     * initialization and initializes its parameters on the spec's device.
     *
     * @param spec the run's spec
     * @return a new model; the caller closes it
     */
    public static Model newModel(TrainingSpec spec) {
        Engine.getInstance().setRandomSeed(engineSeed(spec.seed()));
        return newModel(spec.architecture(), spec.weightInit(), spec.device());
    }

    /**
     * Creates a model with freshly initialized parameters.
     *
     * @param architecture a name known to {@link ArchitectureRegistry}
     * @param weightInit how the initial weights are drawn
     * @param device the device of the parameters
     * @return a new model named after the architecture; the caller closes it
     */
    public static Model newModel(String architecture, WeightInit weightInit, Device device) {
        Architecture arch = ArchitectureRegistry.get(architecture);
        Block block = arch.newBlock(weightInit);
        Model model = Model.newInstance(arch.name(), device);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Trains a model in place.
     *
     * @param model a model of {@code spec.architecture()}, such as one from {@link
     *     #newModel(TrainingSpec)} or from a checkpoint to resume
     * @param spec the run's spec
     * @param train the training images
     * @param teacher the teacher's logits for the training images; required when {@code
     *     spec.distills()}, ignored otherwise (may be {@code null})
     * @param listener receives progress; {@link ProgressListener#NONE} to ignore it
     * @return the run's summary
     */
    public static TrainingSummary fit(
            Model model,
            TrainingSpec spec,
            MnistSplit train,
            TeacherSignal teacher,
            ProgressListener listener) {
        if (spec.distills() && teacher == null) {
            throw new IllegalArgumentException(
                    "Loss mode " + spec.lossMode().configName() + " needs a TeacherSignal");
        }
        Architecture arch = ArchitectureRegistry.get(spec.architecture());
        int numClasses = arch.numClasses();
        int size = train.size();
        int batchSize = spec.batchSize();
        int stepsPerEpoch = (size + batchSize - 1) / batchSize;
        long totalSamples = (long) size * spec.epochs();
        float[] pixels = train.pixels32();
        int[] labels = train.labels();

        long runStart = System.nanoTime();
        long samplesDone = 0;
        long steps = 0;
        List<EpochSummary> epochs = new ArrayList<>();
        Batches batches = new Batches();
        Engine.getInstance().setRandomSeed(engineSeed(spec.seed()));
        try (Trainer trainer = model.newTrainer(setupTrainingConfig(spec))) {
            trainer.initialize(arch.inputShape());
            for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                int[] order = BatchOrder.shuffled(size, spec.seed(), epoch);
                long epochStart = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                for (int step = 0; step < stepsPerEpoch; step++) {
                    int from = step * batchSize;
                    int[] indices =
                            Arrays.copyOfRange(order, from, Math.min(size, from + batchSize));
                    float loss;
                    try (NDManager batch = trainer.getManager().newSubManager(spec.device())) {
                        // (batch, channels, height, width)
                        NDList data = new NDList(batches.images(batch, pixels, indices));
                        // (batch) hard labels, then (batch, classes) teacher logits
                        NDList batchLabels = new NDList(batches.labels(batch, labels, indices));
                        if (spec.distills()) {
                            batchLabels.add(
                                    batches.matrix(
                                            batch,
                                            teacher.logits(indices),
                                            indices.length,
                                            numClasses));
                        }
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(data, batchLabels);
                            NDArray lossValue =
                                    trainer.getLoss().evaluate(batchLabels, predictions);
                            collector.backward(lossValue);
                            loss = lossValue.getFloat();
                            correct += countCorrect(predictions.head(), batchLabels.head());
                        }
                        trainer.step();
                    }
                    steps++;
                    samplesDone += indices.length;
                    lossSum += (double) loss * indices.length;
                    double elapsed = seconds(runStart);
                    double rate = samplesDone / Math.max(elapsed, 1e-9);
                    listener.onStep(
                            new TrainingProgress(
                                    epoch + 1,
                                    spec.epochs(),
                                    step + 1,
                                    stepsPerEpoch,
                                    loss,
                                    rate,
                                    (totalSamples - samplesDone) / rate));
                }
                double epochSeconds = seconds(epochStart);
                EpochSummary summary =
                        new EpochSummary(
                                epoch + 1,
                                spec.epochs(),
                                lossSum / size,
                                (double) correct / size,
                                epochSeconds,
                                size / Math.max(epochSeconds, 1e-9));
                epochs.add(summary);
                listener.onEpoch(summary);
            }
        } catch (TrainingStoppedException e) {
            return new TrainingSummary(epochs, steps, seconds(runStart), true, e.getMessage());
        }
        return new TrainingSummary(epochs, steps, seconds(runStart), false, null);
    }

    private static DefaultTrainingConfig setupTrainingConfig(TrainingSpec spec) {
        return new DefaultTrainingConfig(spec.newLoss())
                .optDevices(new Device[] {spec.device()})
                .optOptimizer(
                        Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed(spec.learningRate()))
                                .optMomentum(spec.momentum())
                                .build());
    }

    /** Counts right predictions; (batch, classes) logits against (batch) labels. */
    static long countCorrect(NDArray logits, NDArray labels) {
        return logits.argMax(1)
                .toType(DataType.INT64, false)
                .eq(labels.toType(DataType.INT64, false))
                .countNonzero()
                .getLong();
    }

    /** DJL seeds engines with an int; long seeds are folded, small ones unchanged. */
    static int engineSeed(long seed) {
        return Long.hashCode(seed);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
