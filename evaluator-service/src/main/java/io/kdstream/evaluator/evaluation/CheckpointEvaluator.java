package io.kdstream.evaluator.evaluation;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.Architecture;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierInference;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.DeviceResolver;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.domain.Measurement;
import io.kdstream.evaluator.domain.TestScore;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
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
            return new Measurement(
                    score,
                    parameterCount,
                    parameters.length,
                    test.size() / inferenceSeconds,
                    (System.nanoTime() - start) / 1e9);
        }
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
