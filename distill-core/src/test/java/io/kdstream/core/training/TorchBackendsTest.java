package io.kdstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.ArchitectureRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * oneDNN is off, and with it off short runs in one JVM never go NaN.
 *
 * <p>The regression: on an AVX-512 AMD EPYC, with libtorch's oneDNN convolutions on, 8 of 12 runs
 * of {@link #repeatedShortRunsStayFinite()}'s kind went NaN within their first 25 steps (the
 * gradient of one output channel of the first convolution); with oneDNN off, 0 of 12. On CPUs
 * without the fault the test passes either way.
 */
class TorchBackendsTest {

    @Test
    void oneDnnAndNnpackAreOffAfterTheFirstModel() {
        TrainingSpec spec =
                TrainingSpec.builder(ArchitectureRegistry.TUTORIAL_STUDENT)
                        .optNoDistillation()
                        .build();
        try (Model ignored = ClassifierTrainer.newModel(spec)) {
            assertThat(TorchBackends.mkldnnEnabled()).isFalse();
            // else libtorch tries NNPACK on every convolution and logs that it cannot
            assertThat(TorchBackends.nnpackEnabled()).isFalse();
        }
    }

    @Test
    void repeatedShortRunsStayFinite() {
        MnistSplit train = Mnist.train(Mnist.defaultDataDir()).subset(640);
        for (int run = 0; run < 6; run++) {
            TrainingSpec spec =
                    TrainingSpec.builder(ArchitectureRegistry.TUTORIAL_STUDENT)
                            .optNoDistillation()
                            .optBatchSize(64)
                            .optEpochs(3)
                            .optSeed(9)
                            .build();
            List<Float> losses = ClassifierTrainerTest.stepLosses(spec, train);
            assertThat(losses)
                    .as("step losses of run %d", run)
                    .hasSize(30)
                    .allMatch(Float::isFinite);
        }
    }

    @Test
    void theSwitchAcceptsOnlyBooleans() {
        String old = System.getProperty(TorchBackends.MKLDNN_PROPERTY);
        try {
            System.setProperty(TorchBackends.MKLDNN_PROPERTY, "on");
            assertThat(TorchBackends.mkldnnWanted()).isTrue();
            System.setProperty(TorchBackends.MKLDNN_PROPERTY, "false");
            assertThat(TorchBackends.mkldnnWanted()).isFalse();
            System.setProperty(TorchBackends.MKLDNN_PROPERTY, "maybe");
            assertThatThrownBy(TorchBackends::mkldnnWanted)
                    .hasMessageContaining("KD_TORCH_MKLDNN")
                    .hasMessageContaining("maybe");
        } finally {
            if (old == null) {
                System.clearProperty(TorchBackends.MKLDNN_PROPERTY);
            } else {
                System.setProperty(TorchBackends.MKLDNN_PROPERTY, old);
            }
        }
    }
}
