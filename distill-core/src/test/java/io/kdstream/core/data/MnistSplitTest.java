package io.kdstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link MnistSplit} on synthetic images.
 *
 * <p>Plain JUnit, not {@code @QuarkusTest}: a split is a plain value holder. Synthetic data keeps
 * these tests independent of the real files, which {@link MnistTest} covers.
 */
class MnistSplitTest {

    private static MnistSplit synthetic(int n) {
        int[] labels = IntStream.range(0, n).map(i -> i % 10).toArray();
        return MnistSplit.of("train", IdxFiles.counting(n * 784), labels);
    }

    @Test
    void subsetKeepsTheFirstImages() {
        MnistSplit split = synthetic(5);

        MnistSplit first = split.subset(3);

        assertThat(first.name()).isEqualTo("train");
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.labels()).containsExactly(0, 1, 2);
        assertThat(first.rawImages()).isEqualTo(IdxFiles.counting(3 * 784));
        assertThat(first.pixels32()).isEqualTo(Arrays.copyOf(split.pixels32(), 3 * 1024));
        assertThat(split.subset(5)).isSameAs(split);
    }

    @Test
    void subsetValidatesItsSize() {
        MnistSplit split = synthetic(5);

        assertThatThrownBy(() -> split.subset(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..5");
        assertThatThrownBy(() -> split.subset(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pixels32IsComputedOnceEvenUnderContention() throws Exception {
        MnistSplit split = synthetic(200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<float[]>> calls =
                    List.of(split::pixels32, split::pixels32, split::pixels32, split::pixels32);
            List<Future<float[]>> results = pool.invokeAll(calls);

            float[] first = results.get(0).get();
            assertThat(first).hasSize(200 * 1024);
            for (Future<float[]> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(split.pixels32()).isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fingerprintDependsOnContentOnly() {
        MnistSplit a = synthetic(4);
        MnistSplit b = synthetic(4);
        int[] otherLabels = {0, 1, 2, 4};
        MnistSplit c = MnistSplit.of("train", IdxFiles.counting(4 * 784), otherLabels);

        assertThat(a.fingerprint())
                .hasSize(64)
                .isEqualTo(b.fingerprint())
                .isEqualTo(a.fingerprint());
        assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(synthetic(5).subset(4).fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void ofValidatesItsInput() {
        assertThatThrownBy(() -> MnistSplit.of("train", new byte[784], new int[] {10}))
                .hasMessageContaining("label 10 at index 0");
        assertThatThrownBy(() -> MnistSplit.of("train", new byte[783], new int[] {1}))
                .hasMessageContaining("784");
        assertThatThrownBy(() -> MnistSplit.of("train", new byte[0], new int[0]))
                .hasMessageContaining("at least one");
    }
}
