/**
 * MNIST data: the IDX reader, the two splits held in memory, the tutorial's 28x28 to 32x32
 * preprocessing and the per-epoch batch order.
 *
 * <p>Start with {@link io.kdstream.core.data.Mnist#train(java.nio.file.Path)} and {@link
 * io.kdstream.core.data.Mnist#defaultDataDir()}.
 */
package io.kdstream.core.data;
