package io.kdstream.teacher.training;

import ai.djl.Device;
import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.metrics.TrainingMeters;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.progress.ProgressUpdate;
import io.kdstream.core.progress.StepLog;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.SplitScore;
import io.kdstream.core.training.StepProgress;
import io.kdstream.core.training.TrainingSpec;
import io.kdstream.core.training.TrainingStoppedException;
import io.kdstream.core.training.TrainingSummary;
import io.kdstream.teacher.config.TeacherConfig;
import io.kdstream.teacher.config.TeacherSettingsResolver;
import io.kdstream.teacher.domain.TeacherCheckpoint;
import io.kdstream.teacher.domain.TeacherSettings;
import io.kdstream.teacher.metrics.TeacherMetrics;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Trains the teacher on MNIST and publishes a checkpoint after every epoch.
 *
 * <p>After each epoch the model is evaluated on the 10,000 test images; the checkpoint (role
 * TEACHER, model id {@code <trainingId>-e<epoch>}) goes to the models topic and waits for the
 * broker's acknowledgement before training goes on. Progress is logged every few seconds and
 * published to training-progress about once a second.
 */
@ApplicationScoped
public class TeacherTrainer {

    /** Images per forward pass when evaluating on the test split. */
    static final int EVAL_BATCH = 1000;

    private final TeacherEvents publisher;
    private final TeacherMetrics metrics;
    private final Path dataDir;

    TeacherTrainer(TeacherEvents publisher, TeacherConfig config, TeacherMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.dataDir = Path.of(config.data().dir());
    }

    /**
     * Trains a teacher.
     *
     * @param trainingId the training id, owner of the checkpoints
     * @param settings the resolved settings
     * @param device where to train
     * @param stop polled between steps; training ends early when it returns {@code true}
     * @param onEpochStart told each epoch's 1-based number as it starts
     * @return the last epoch's checkpoint, with its test accuracy
     * @throws TrainingStoppedException if {@code stop} ended the training
     */
    public TeacherCheckpoint train(
            String trainingId,
            TeacherSettings settings,
            Device device,
            BooleanSupplier stop,
            IntConsumer onEpochStart) {
        MnistSplit train =
                TeacherSettingsResolver.limit(Mnist.train(dataDir), settings.trainLimit());
        MnistSplit test = Mnist.test(dataDir);
        TrainingSpec spec = settings.toSpec(device);
        Map<String, String> hyperparameters = settings.hyperparameters(train.size(), device);
        Log.infof(
                "Teacher training %s: profile %s, %s on %d images, %d epochs, SGD lr %s"
                        + " momentum %s, batch %d, seed %d, %s init, device %s",
                trainingId,
                settings.profile(),
                settings.architecture(),
                train.size(),
                settings.epochs(),
                settings.learningRate(),
                settings.momentum(),
                settings.batchSize(),
                settings.seed(),
                settings.weightInit().configName(),
                device);
        try (Model model = ClassifierTrainer.newModel(spec)) {
            long parameterCount = Architecture.countParameters(model.getBlock());
            Listener listener =
                    new Listener(
                            trainingId,
                            model,
                            test,
                            settings,
                            parameterCount,
                            hyperparameters,
                            stop,
                            onEpochStart);
            onEpochStart.accept(1);
            TrainingSummary summary = ClassifierTrainer.fit(model, spec, train, null, listener);
            if (summary.stopped()) {
                throw new TrainingStoppedException(summary.stopReason());
            }
            Log.infof(
                    "Teacher training %s done in %.1f s: test accuracy %.2f%%, checkpoint %s",
                    trainingId,
                    summary.wallSeconds(),
                    listener.last.testAccuracy() * 100,
                    listener.last.modelId());
            return listener.last;
        }
    }

    /** Logs and publishes progress; evaluates and publishes a checkpoint after every epoch. */
    private final class Listener implements ProgressListener {

        private final String trainingId;
        private final Model model;
        private final MnistSplit test;
        private final TeacherSettings settings;
        private final long parameterCount;
        private final Map<String, String> hyperparameters;
        private final BooleanSupplier stop;
        private final IntConsumer onEpochStart;
        private final TrainingMeters.JobMeters meters;
        private final StepLog stepLog;
        private int stepsPerEpoch;
        private TeacherCheckpoint last;

        Listener(
                String trainingId,
                Model model,
                MnistSplit test,
                TeacherSettings settings,
                long parameterCount,
                Map<String, String> hyperparameters,
                BooleanSupplier stop,
                IntConsumer onEpochStart) {
            this.trainingId = trainingId;
            this.model = model;
            this.test = test;
            this.settings = settings;
            this.parameterCount = parameterCount;
            this.hyperparameters = hyperparameters;
            this.stop = stop;
            this.onEpochStart = onEpochStart;
            this.meters = metrics.training(trainingId, settings.architecture());
            this.stepLog = new StepLog("Teacher " + trainingId);
        }

        @Override
        public void onStep(StepProgress p) {
            if (stop.getAsBoolean()) {
                throw new TrainingStoppedException("the teacher-service is shutting down");
            }
            stepsPerEpoch = p.stepsPerEpoch();
            meters.step(p);
            stepLog.step(p);
            publisher.progress(ProgressUpdate.teacherTrainingStep(trainingId, p));
        }

        @Override
        public void onEpoch(EpochSummary s) {
            meters.epoch(s);
            // the model is between steps: evaluate its current weights, then snapshot them
            SplitScore eval = ClassifierInference.evaluate(model, test, EVAL_BATCH);
            TeacherCheckpoint checkpoint =
                    new TeacherCheckpoint(
                            TeacherCheckpoint.modelId(trainingId, s.epoch()),
                            trainingId,
                            settings.architecture(),
                            s.epoch(),
                            s.epochs(),
                            s.meanLoss(),
                            eval.accuracy(),
                            parameterCount,
                            Checkpoints.toBytes(model.getBlock()),
                            hyperparameters,
                            Instant.now());
            publisher.publishCheckpoint(checkpoint);
            last = checkpoint;
            Log.infof(
                    "Teacher %s epoch %d/%d: loss %.4f, train accuracy %.2f%%, %.0f samples/s"
                            + " (%.1f s), test accuracy %.2f%% (%d errors), checkpoint %s"
                            + " published",
                    trainingId,
                    s.epoch(),
                    s.epochs(),
                    s.meanLoss(),
                    s.trainAccuracy() * 100,
                    s.samplesPerSecond(),
                    s.seconds(),
                    eval.accuracy() * 100,
                    eval.errors(),
                    checkpoint.modelId());
            boolean lastEpoch = s.epoch() == s.epochs();
            publisher.progressNow(
                    ProgressUpdate.teacherTrainingEpochEnd(
                            trainingId,
                            lastEpoch ? ProgressUpdate.State.DONE : ProgressUpdate.State.RUNNING,
                            s,
                            stepsPerEpoch));
            if (!lastEpoch) {
                onEpochStart.accept(s.epoch() + 1);
            }
        }
    }
}
