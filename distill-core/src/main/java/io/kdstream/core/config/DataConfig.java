package io.kdstream.core.config;

import io.smallrye.config.WithDefault;

/** Where MNIST lives, {@code kd.data.*}: the same key in every service. */
public interface DataConfig {

    /** Directory with the four MNIST IDX files (KD_DATA_DIR); see scripts/fetch-mnist.sh. */
    @WithDefault("data/mnist")
    String dir();
}
