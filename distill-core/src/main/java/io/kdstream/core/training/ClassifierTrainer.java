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
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains a classifier on the batches of an {@link EpochSource}, with or without a teacher's logits:
 * an {@link MnistSplit} in memory, or a teacher run replayed from Kafka.
 *
 * <p>The loop is written out rather than left to {@code EasyTrain.fit}, because the labels of a
 * step come from two places (hard labels and teacher logits), because a run must resume exactly
 * from a checkpoint, and because each step must leave native memory as it found it: every step
 * opens a sub-manager of the trainer's manager, copies its {@link TrainingBatch} there through one
 * reused buffer, runs forward and backward under a {@link GradientCollector}, calls {@code
 * trainer.step()} and closes the sub-manager. For a split, the batch order of epoch e is {@code
 * BatchOrder.shuffled(size, seed, e)}, so a run is reproducible from its {@link TrainingSpec}.
 *
 * <p>The optimizer is {@link MomentumSgd} (PyTorch's SGD), whose momentum buffers travel in every
 * {@link EpochCheckpoint} so that a run can continue elsewhere with {@link ResumePoint}.
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
     * Trains a model in place on a split in memory, from its first epoch.
     *
     * @param model a model of {@code spec.architecture()}, such as one from {@link
     *     #newModel(TrainingSpec)}
     * @param spec the run's spec
     * @param train the training images, visited in {@code BatchOrder.shuffled(size, seed, epoch)}
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
        EpochSource source =
                EpochSource.of(
                        train, spec.distills() ? teacher : null, spec.batchSize(), spec.seed());
        return fit(model, spec, source, ResumePoint.START, () -> false, listener);
    }

    /**
     * Trains a model in place on the batches of a source, from a resume point.
     *
     * <p>Epochs {@code resume.completedEpochs()} to {@code spec.epochs() - 1} (0-based) run; each
     * reads {@code source.batches(epoch)} to its end. Before each step, {@code stopRequested} is
     * asked; when it says {@code true}, the run ends at once, between two steps, as stopped (the
     * same as a {@link TrainingStoppedException} from the listener or the source). After each epoch
     * the listener gets {@link ProgressListener#onEpoch} and then {@link
     * ProgressListener#onCheckpoint}, whose parameters and optimizer state resume the run exactly:
     * the same source, spec and {@link ResumePoint#after} give the same parameters as a run that
     * was never interrupted.
     *
     * @param model a model of {@code spec.architecture()}; when resuming, holding the checkpoint's
     *     parameters (see {@link Checkpoints#newModel})
     * @param spec the run's spec; its batch size is the source's business
     * @param source the batches of each epoch; when {@code spec.distills()}, every batch must carry
     *     teacher logits
     * @param resume where to start: {@link ResumePoint#START} or after a checkpoint
     * @param stopRequested asked before every step; {@code true} stops the run
     * @param listener receives progress and checkpoints; {@link ProgressListener#NONE} to ignore
     *     them
     * @return the run's summary, with the epochs this call trained
     * @throws IllegalArgumentException if the resume point is past the spec's epochs, or a batch
     *     lacks the teacher logits the loss needs
     * @throws IllegalStateException if an epoch yields no batch
     */
    public static TrainingSummary fit(
            Model model,
            TrainingSpec spec,
            EpochSource source,
            ResumePoint resume,
            BooleanSupplier stopRequested,
            ProgressListener listener) {
        if (resume.completedEpochs() > spec.epochs()) {
            throw new IllegalArgumentException(
                    "resume point after epoch "
                            + resume.completedEpochs()
                            + " is past the run's "
                            + spec.epochs()
                            + " epochs");
        }
        Architecture arch = ArchitectureRegistry.get(spec.architecture());
        int numClasses = arch.numClasses();
        int stepsPerEpoch = Math.max(1, source.stepsPerEpoch());

        long runStart = System.nanoTime();
        long samplesDone = 0;
        long steps = 0;
        List<EpochSummary> epochs = new ArrayList<>();
        Batches batches = new Batches();
        Block block = model.getBlock();
        Engine.getInstance().setRandomSeed(engineSeed(spec.seed()));
        try (MomentumSgd optimizer = newOptimizer(spec);
                Trainer trainer = model.newTrainer(setupTrainingConfig(spec, optimizer))) {
            trainer.initialize(arch.inputShape());
            if (resume.optimizerState() != null) {
                optimizer.importState(block, resume.optimizerState());
            }
            for (int epoch = resume.completedEpochs(); epoch < spec.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                int step = 0;
                try (BatchIterator epochBatches = source.batches(epoch)) {
                    while (true) {
                        if (stopRequested.getAsBoolean()) {
                            throw new TrainingStoppedException("stop requested");
                        }
                        if (!epochBatches.hasNext()) {
                            break;
                        }
                        TrainingBatch data = epochBatches.next();
                        int n = data.size();
                        float loss;
                        try (NDManager batch = trainer.getManager().newSubManager(spec.device())) {
                            // (batch, channels, height, width)
                            NDList input = new NDList(batches.images(batch, data.pixels(), n));
                            // (batch) hard labels, then (batch, classes) teacher logits
                            NDList labels = new NDList(batches.labels(batch, data.labels()));
                            if (spec.distills()) {
                                if (data.teacherLogits() == null) {
                                    throw new IllegalArgumentException(
                                            "Loss mode "
                                                    + spec.lossMode().configName()
                                                    + " needs teacher logits, and a batch of"
                                                    + " epoch "
                                                    + (epoch + 1)
                                                    + " has none");
                                }
                                labels.add(
                                        batches.matrix(batch, data.teacherLogits(), n, numClasses));
                            }
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList predictions = trainer.forward(input, labels);
                                NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
                                collector.backward(lossValue);
                                loss = lossValue.getFloat();
                                correct += countCorrect(predictions.head(), labels.head());
                            }
                            trainer.step();
                        }
                        step++;
                        steps++;
                        seen += n;
                        samplesDone += n;
                        lossSum += (double) loss * n;
                        double elapsed = seconds(runStart);
                        double rate = samplesDone / Math.max(elapsed, 1e-9);
                        long stepsLeft =
                                (long) (spec.epochs() - epoch - 1) * stepsPerEpoch
                                        + Math.max(0, stepsPerEpoch - step);
                        listener.onStep(
                                new TrainingProgress(
                                        epoch + 1,
                                        spec.epochs(),
                                        step,
                                        stepsPerEpoch,
                                        loss,
                                        rate,
                                        stepsLeft * elapsed / Math.max(steps, 1)));
                    }
                }
                if (seen == 0) {
                    throw new IllegalStateException(
                            "epoch " + (epoch + 1) + " of " + spec.epochs() + " had no batches");
                }
                double epochSeconds = seconds(epochStart);
                EpochSummary summary =
                        new EpochSummary(
                                epoch + 1,
                                spec.epochs(),
                                lossSum / seen,
                                (double) correct / seen,
                                epochSeconds,
                                seen / Math.max(epochSeconds, 1e-9));
                epochs.add(summary);
                listener.onEpoch(summary);
                EpochCheckpoint checkpoint =
                        new EpochCheckpoint(
                                summary,
                                () -> Checkpoints.toBytes(block),
                                () -> optimizer.exportState(block));
                try {
                    listener.onCheckpoint(checkpoint);
                } finally {
                    checkpoint.expire();
                }
            }
        } catch (TrainingStoppedException e) {
            return new TrainingSummary(epochs, steps, seconds(runStart), true, e.getMessage());
        }
        return new TrainingSummary(epochs, steps, seconds(runStart), false, null);
    }

    private static MomentumSgd newOptimizer(TrainingSpec spec) {
        return MomentumSgd.builder()
                .setLearningRate(spec.learningRate())
                .optMomentum(spec.momentum())
                .build();
    }

    private static DefaultTrainingConfig setupTrainingConfig(
            TrainingSpec spec, MomentumSgd optimizer) {
        return new DefaultTrainingConfig(spec.newLoss())
                .optDevices(new Device[] {spec.device()})
                .optOptimizer(optimizer);
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
