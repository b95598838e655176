package io.kdstream.evaluator.evaluation;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.job.TransferSet;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.DeviceResolver;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.Measurement;
import io.kdstream.evaluator.domain.OmittedClassScore;
import io.kdstream.evaluator.domain.TestScore;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs checkpoints over the 10,000 MNIST test images with DJL.
 *
 * <p>The test split is loaded once per process and its 32x32 pixels are cached by {@link
 * MnistSplit}. Each evaluation loads the parameters into a new model in try-with-resources, copies
 * the logits of the whole test set out batch by batch (each batch in its own sub-manager, inside
 * {@link ClassifierInference#predictLogits}), and scores them in plain Java with {@link
 * TestSetScorer}, so no {@code NDArray} leaves this class.
 */
@ApplicationScoped
public class CheckpointEvaluator {

    private final EvaluatorConfig config;
    private final Map<String, Long> parameterCounts = new ConcurrentHashMap<>();
    private volatile Device device;
    private volatile MnistSplit heldOut;

    public CheckpointEvaluator(EvaluatorConfig config) {
        this.config = config;
    }

    /**
     * Returns the MNIST test split, loading it on the first call.
     *
     * @return the 10,000 test images
     */
    public MnistSplit testSet() {
        return Mnist.test(Path.of(config.data().dir()));
    }

    /**
     * Returns the device evaluations run on, resolving {@code kd.device} on the first call.
     *
     * @return the device
     */
    public Device device() {
        Device d = device;
        if (d == null) {
            d = DeviceResolver.resolve(config.device());
            device = d;
            Log.infof("Evaluating on %s (kd.device=%s)", d, config.device());
        }
        return d;
    }

    /**
     * Evaluates parameters of an architecture on the test split.
     *
     * @param architecture a registry name
     * @param parameters bytes in DJL's parameter format
     * @return the measurement
     * @throws MalformedModelException if the bytes do not fit the architecture
     * @throws IllegalArgumentException if the architecture is unknown
     */
    public Measurement measure(String architecture, byte[] parameters)
            throws MalformedModelException {
        return measure(architecture, parameters, null);
    }

    /**
     * Evaluates parameters of an architecture on the test split and, for a student whose transfer
     * set left a class out, that class with its output bias tuned on the held-out slice.
     *
     * @param architecture a registry name
     * @param parameters bytes in DJL's parameter format
     * @param omittedClass the class the student's transfer set left out, or {@code null}
     * @return the measurement
     * @throws MalformedModelException if the bytes do not fit the architecture
     * @throws IllegalArgumentException if the architecture is unknown
     */
    public Measurement measure(String architecture, byte[] parameters, Integer omittedClass)
            throws MalformedModelException {
        long start = System.nanoTime();
        Architecture arch = ArchitectureRegistry.get(architecture);
        MnistSplit test = testSet();
        test.pixels32();
        int batch = config.evaluator().batchSize();
        try (Model model = Checkpoints.newModel(architecture, device(), parameters)) {
            long parameterCount = Architecture.countParameters(model.getBlock());
            long inferenceStart = System.nanoTime();
            // (images, classes) logits, row-major
            float[] logits = ClassifierInference.predictLogits(model, test, 0, test.size(), batch);
            double inferenceSeconds = (System.nanoTime() - inferenceStart) / 1e9;
            TestScore score = TestSetScorer.score(logits, test.labels(), arch.numClasses());
            OmittedClassScore omitted = null;
            if (omittedClass != null) {
                MnistSplit heldOut = heldOutSlice();
                float[] heldOutLogits =
                        ClassifierInference.predictLogits(model, heldOut, 0, heldOut.size(), batch);
                omitted =
                        BiasTuner.score(
                                heldOutLogits,
                                heldOut.labels(),
                                logits,
                                test.labels(),
                                arch.numClasses(),
                                omittedClass);
            }
            return new Measurement(
                    score,
                    parameterCount,
                    parameters.length,
                    test.size() / inferenceSeconds,
                    (System.nanoTime() - start) / 1e9,
                    omitted);
        }
    }

    /**
     * Returns the held-out slice of the training split (indices {@link TransferSet#HELD_OUT_FROM}
     * on), copied out once: 5,000 images instead of the 60,000 of the split's pixel cache.
     */
    private MnistSplit heldOutSlice() {
        MnistSplit slice = heldOut;
        if (slice == null) {
            MnistSplit train = Mnist.train(Path.of(config.data().dir()));
            int from = TransferSet.HELD_OUT_FROM;
            int pixels = train.rawImages().length / train.size();
            slice =
                    MnistSplit.of(
                            "train-held-out",
                            Arrays.copyOfRange(
                                    train.rawImages(), from * pixels, train.size() * pixels),
                            Arrays.copyOfRange(train.labels(), from, train.size()));
            heldOut = slice;
        }
        return slice;
    }

    /**
     * Returns the parameter count of an architecture, built once on the CPU and cached.
     *
     * @param architecture a registry name
     * @return the number of scalar parameters
     */
    public long parameterCount(String architecture) {
        return parameterCounts.computeIfAbsent(
                architecture,
                name -> {
                    try (Model model =
                            ClassifierTrainer.newModel(
                                    name, WeightInit.DJL_DEFAULT, Device.cpu())) {
                        return Architecture.countParameters(model.getBlock());
                    }
                });
    }
}
