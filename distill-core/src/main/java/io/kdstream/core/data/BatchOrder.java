package io.kdstream.core.data;

/**
 * The order in which a training epoch visits the examples.
 *
 * <p>The order depends only on (seed, epoch), so a job that is resumed on another worker, or rerun
 * on another machine or JDK, sees the same batches. To guarantee that, the generator is written out
 * here instead of borrowed: it is SplitMix64 (Steele, Lea, Flood 2014, the algorithm behind {@link
 * java.util.SplittableRandom}), whose exact output the JDK does not promise to keep.
 *
 * <p>For (seed, epoch) the generator starts from the state {@code mix64(mix64(seed) + epoch)}, so
 * neighbouring epochs and seeds get unrelated streams, and a Fisher-Yates shuffle consumes it from
 * the last position down. A test pins one permutation, so any change to this class shows up as a
 * failing test rather than as silently different training runs.
 */
public final class BatchOrder {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private BatchOrder() {}

    /**
     * Returns a permutation of {@code 0..n-1} determined by {@code seed} and {@code epoch}.
     *
     * @param n the number of examples, at least 0
     * @param seed the run's seed
     * @param epoch the epoch, from 0
     * @return a new array holding each of {@code 0..n-1} once
     */
    public static int[] shuffled(int n, long seed, int epoch) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(mix64(mix64(seed) + epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** SplitMix64: a 64-bit state advanced by a fixed odd constant and hashed on output. */
    private static final class SplitMix64 {

        private long state;

        SplitMix64(long state) {
            this.state = state;
        }

        long nextLong() {
            state += GOLDEN_GAMMA;
            return mix64(state);
        }

        /** An unbiased integer in {@code [0, bound)}, rejecting the top of the 63-bit range. */
        int nextInt(int bound) {
            while (true) {
                long u = nextLong() >>> 1;
                long r = u % bound;
                // u - r starts u's block of `bound` values; a block cut off by 2^63 overflows.
                if (u - r + (bound - 1) >= 0) {
                    return (int) r;
                }
            }
        }
    }

    /** The SplitMix64 finaliser (Stafford's variant 13 of the MurmurHash3 mixer). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
