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
 *     SplitScore result = ClassifierInference.evaluate(model, test, 1000);
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
        TorchBackends.apply();
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
        requireResumeWithinRun(spec, resume);
        Architecture arch = ArchitectureRegistry.get(spec.architecture());
        FitRun run =
                new FitRun(
                        spec,
                        arch.numClasses(),
                        Math.max(1, source.stepsPerEpoch()),
                        stopRequested,
                        listener);
        Block block = model.getBlock();
        Engine.getInstance().setRandomSeed(engineSeed(spec.seed()));
        try (MomentumSgd optimizer = newOptimizer(spec);
                Trainer trainer = model.newTrainer(setupTrainingConfig(spec, optimizer))) {
            trainer.initialize(arch.inputShape());
            if (resume.optimizerState() != null) {
                optimizer.importState(block, resume.optimizerState());
            }
            for (int epoch = resume.completedEpochs(); epoch < spec.epochs(); epoch++) {
                EpochSummary summary = run.trainEpoch(trainer, source, epoch);
                listener.onEpoch(summary);
                offerCheckpoint(listener, summary, block, optimizer);
            }
        } catch (TrainingStoppedException e) {
            return run.summary(true, e.getMessage());
        }
        return run.summary(false, null);
    }

    private static void requireResumeWithinRun(TrainingSpec spec, ResumePoint resume) {
        if (resume.completedEpochs() > spec.epochs()) {
            throw new IllegalArgumentException(
                    "resume point after epoch "
                            + resume.completedEpochs()
                            + " is past the run's "
                            + spec.epochs()
                            + " epochs");
        }
    }

    /**
     * Hands the listener an epoch's checkpoint, which reads the parameters and optimizer state only
     * while the listener runs: it expires before the next step changes them.
     */
    private static void offerCheckpoint(
            ProgressListener listener, EpochSummary summary, Block block, MomentumSgd optimizer) {
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

    /** One call of {@code fit}: its settings, its reused batch buffers and its running totals. */
    private static final class FitRun {

        private final TrainingSpec spec;
        private final int numClasses;
        private final int stepsPerEpoch;
        private final BooleanSupplier stopRequested;
        private final ProgressListener listener;
        private final long runStart = System.nanoTime();
        private final List<EpochSummary> epochs = new ArrayList<>();
        private final Batches batches = new Batches();
        private long samplesDone;
        private long steps;

        FitRun(
                TrainingSpec spec,
                int numClasses,
                int stepsPerEpoch,
                BooleanSupplier stopRequested,
                ProgressListener listener) {
            this.spec = spec;
            this.numClasses = numClasses;
            this.stepsPerEpoch = stepsPerEpoch;
            this.stopRequested = stopRequested;
            this.listener = listener;
        }

        /** Trains every batch of an epoch (0-based) and returns the epoch's summary. */
        EpochSummary trainEpoch(Trainer trainer, EpochSource source, int epoch) {
            EpochTally tally = new EpochTally();
            try (BatchIterator epochBatches = source.batches(epoch)) {
                while (hasNextUnlessStopped(epochBatches)) {
                    TrainingBatch data = epochBatches.next();
                    float loss = trainStep(trainer, data, epoch, tally);
                    if (!Float.isFinite(loss)) {
                        throw new TrainingDivergedException(loss, epoch + 1, tally.step + 1);
                    }
                    countStep(epoch, data.size(), loss, tally);
                }
            }
            return endEpoch(epoch, tally);
        }

        /** Asks for a stop before each step, so a stop lands between two steps. */
        private boolean hasNextUnlessStopped(BatchIterator epochBatches) {
            if (stopRequested.getAsBoolean()) {
                throw new TrainingStoppedException("stop requested");
            }
            return epochBatches.hasNext();
        }

        /**
         * Runs forward, backward and the optimizer step on one batch, in a sub-manager closed
         * before the next; counts its right predictions in the tally.
         *
         * @return the batch's loss
         */
        private float trainStep(Trainer trainer, TrainingBatch data, int epoch, EpochTally tally) {
            int n = data.size();
            float loss;
            try (NDManager batch = trainer.getManager().newSubManager(spec.device())) {
                // (batch, channels, height, width)
                NDList input = new NDList(batches.images(batch, data.pixels(), n));
                NDList labels = labels(batch, data, epoch);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(input, labels);
                    NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
                    collector.backward(lossValue);
                    loss = lossValue.getFloat();
                    tally.correct += countCorrect(predictions.head(), labels.head());
                }
                trainer.step();
            }
            return loss;
        }

        /** (batch) hard labels, then (batch, classes) teacher logits when the loss distils. */
        private NDList labels(NDManager batch, TrainingBatch data, int epoch) {
            NDList labels = new NDList(batches.labels(batch, data.labels()));
            if (spec.distills()) {
                if (data.teacherLogits() == null) {
                    throw new IllegalArgumentException(
                            "Loss mode "
                                    + spec.lossMode().configName()
                                    + " needs teacher logits, and a batch of epoch "
                                    + (epoch + 1)
                                    + " has none");
                }
                labels.add(batches.matrix(batch, data.teacherLogits(), data.size(), numClasses));
            }
            return labels;
        }

        /** Adds a step to the totals and tells the listener, with the run's rate and ETA. */
        private void countStep(int epoch, int n, float loss, EpochTally tally) {
            tally.step++;
            steps++;
            tally.seen += n;
            samplesDone += n;
            tally.lossSum += (double) loss * n;
            double elapsed = seconds(runStart);
            double rate = samplesDone / Math.max(elapsed, 1e-9);
            long stepsLeft =
                    (long) (spec.epochs() - epoch - 1) * stepsPerEpoch
                            + Math.max(0, stepsPerEpoch - tally.step);
            listener.onStep(
                    new StepProgress(
                            epoch + 1,
                            spec.epochs(),
                            tally.step,
                            stepsPerEpoch,
                            loss,
                            rate,
                            stepsLeft * elapsed / Math.max(steps, 1)));
        }

        private EpochSummary endEpoch(int epoch, EpochTally tally) {
            if (tally.seen == 0) {
                throw new IllegalStateException(
                        "epoch " + (epoch + 1) + " of " + spec.epochs() + " had no batches");
            }
            double epochSeconds = seconds(tally.start);
            EpochSummary summary =
                    new EpochSummary(
                            epoch + 1,
                            spec.epochs(),
                            tally.lossSum / tally.seen,
                            (double) tally.correct / tally.seen,
                            epochSeconds,
                            tally.seen / Math.max(epochSeconds, 1e-9));
            epochs.add(summary);
            return summary;
        }

        TrainingSummary summary(boolean stopped, String stopReason) {
            return new TrainingSummary(epochs, steps, seconds(runStart), stopped, stopReason);
        }
    }

    /** The running totals of one epoch. */
    private static final class EpochTally {

        private final long start = System.nanoTime();
        private double lossSum;
        private long correct;
        private long seen;
        private int step;
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
