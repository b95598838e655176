package io.kdstream.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import io.kdstream.core.training.TorchBackends;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Time per call of each layer of the tutorial teacher, forward and forward + backward, on a batch
 * of 64: the libtorch that DJL loads, called as our blocks call it. {@code
 * bench/src/main/python/ops_peer.py} times the same operations on the same shapes in PyTorch, so
 * that a slower training step can be traced to the operations that make it slower.
 *
 * <p>Each operation runs 20 times as warm-up, then {@code --reps} times. As in training, every
 * weight requires a gradient, and so does every input but the images (the first convolution and the
 * whole forward pass); "forward + backward" starts the backward pass from a gradient of ones,
 * contiguous like the gradient a layer receives in training. Prints one line per operation: {@code
 * op NAME FORWARD_MS FORWARD_BACKWARD_MS}.
 */
public final class OpBench {

    private OpBench() {}

    /**
     * Runs the bench.
     *
     * @param args {@code [--batch-size 64] [--reps 200]}
     */
    public static void main(String[] args) {
        Args a = Args.parse(args);
        int batch = a.intValue("--batch-size", 64);
        int reps = a.intValue("--reps", 200);
        // the convolutions kd-stream trains with: oneDNN off unless KD_TORCH_MKLDNN=true
        TorchBackends.apply();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            NDArray w1 = m.randomUniform(-0.3f, 0.3f, new Shape(6, 1, 3, 3));
            NDArray b1 = m.zeros(new Shape(6));
            NDArray w2 = m.randomUniform(-0.1f, 0.1f, new Shape(16, 6, 3, 3));
            NDArray b2 = m.zeros(new Shape(16));
            NDArray fw1 = m.randomUniform(-0.04f, 0.04f, new Shape(120, 576));
            NDArray fb1 = m.zeros(new Shape(120));
            NDArray fw2 = m.randomUniform(-0.09f, 0.09f, new Shape(84, 120));
            NDArray fb2 = m.zeros(new Shape(84));
            NDArray fw3 = m.randomUniform(-0.1f, 0.1f, new Shape(10, 84));
            NDArray fb3 = m.zeros(new Shape(10));
            for (NDArray w : new NDArray[] {w1, b1, w2, b2, fw1, fb1, fw2, fb2, fw3, fb3}) {
                w.setRequiresGradient(true);
            }
            Shape pool = new Shape(2, 2);
            Shape noPad = new Shape(0, 0);

            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put(
                    "conv1 1->6 3x3",
                    new Op(
                            new Shape(batch, 1, 32, 32),
                            false,
                            x -> Conv2d.conv2d(x, w1, b1).head()));
            ops.put(
                    "relu (64,6,30,30)",
                    new Op(new Shape(batch, 6, 30, 30), true, Activation::relu));
            ops.put(
                    "maxpool 2x2 (64,6,30,30)",
                    new Op(
                            new Shape(batch, 6, 30, 30),
                            true,
                            x -> Pool.maxPool2d(x, pool, pool, noPad, false)));
            ops.put(
                    "conv2 6->16 3x3",
                    new Op(
                            new Shape(batch, 6, 15, 15),
                            true,
                            x -> Conv2d.conv2d(x, w2, b2).head()));
            ops.put(
                    "maxpool 2x2 (64,16,13,13)",
                    new Op(
                            new Shape(batch, 16, 13, 13),
                            true,
                            x -> Pool.maxPool2d(x, pool, pool, noPad, false)));
            ops.put(
                    "linear 576->120",
                    new Op(new Shape(batch, 576), true, x -> Linear.linear(x, fw1, fb1).head()));
            ops.put(
                    "linear 120->84",
                    new Op(new Shape(batch, 120), true, x -> Linear.linear(x, fw2, fb2).head()));
            ops.put(
                    "linear 84->10",
                    new Op(new Shape(batch, 84), true, x -> Linear.linear(x, fw3, fb3).head()));
            ops.put(
                    "log_softmax (64,10)",
                    new Op(new Shape(batch, 10), true, x -> x.logSoftmax(1)));
            ops.put(
                    "whole teacher forward",
                    new Op(
                            new Shape(batch, 1, 32, 32),
                            false,
                            x -> {
                                NDArray h = Activation.relu(Conv2d.conv2d(x, w1, b1).head());
                                h = Pool.maxPool2d(h, pool, pool, noPad, false);
                                h = Activation.relu(Conv2d.conv2d(h, w2, b2).head());
                                h = Pool.maxPool2d(h, pool, pool, noPad, false);
                                h = h.reshape(batch, 576);
                                h = Activation.relu(Linear.linear(h, fw1, fb1).head());
                                h = Activation.relu(Linear.linear(h, fw2, fb2).head());
                                return Linear.linear(h, fw3, fb3).head();
                            }));
            System.out.printf(
                    Locale.ROOT,
                    "ops: DJL %s, libtorch %s, batch %d, %d reps%n",
                    Engine.getDjlVersion(),
                    Engine.getInstance().getVersion(),
                    batch,
                    reps);
            for (Map.Entry<String, Op> e : ops.entrySet()) {
                NDArray x = m.randomUniform(-0.5f, 1f, e.getValue().input());
                // as in training: the images need no gradient, every later activation does
                x.setRequiresGradient(e.getValue().inputGradient());
                double forward = time(reps, x, e.getValue().apply(), false);
                double backward = time(reps, x, e.getValue().apply(), true);
                System.out.printf(
                        Locale.ROOT, "op %-28s %8.3f %8.3f%n", e.getKey(), forward, backward);
            }
        }
    }

    /** An operation and the shape of its input. */
    private record Op(Shape input, boolean inputGradient, Function<NDArray, NDArray> apply) {}

    /** Milliseconds per call; every array a call makes is closed before the next call. */
    private static double time(
            int reps, NDArray x, Function<NDArray, NDArray> op, boolean backward) {
        long start = 0;
        for (int i = 0; i < reps + 20; i++) {
            if (i == 20) {
                start = System.nanoTime();
            }
            try (NDManager call = x.getManager().newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // results attach to the manager of their first operand: the call's, while it runs
                x.tempAttach(call);
                NDArray y = op.apply(x);
                if (backward) {
                    // DJL seeds the backward pass with ones of y's shape, contiguous, as a loss's
                    // gradient arrives in training (a sum's would be a zero-stride view)
                    collector.backward(y);
                }
            }
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }
}
