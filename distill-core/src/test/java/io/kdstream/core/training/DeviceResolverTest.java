package io.kdstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * Checks the {@code kd.device} mapping on this machine's engine.
 *
 * <p>Plain JUnit, not a {@code QuarkusTest}: the resolver is a static function of a string.
 */
class DeviceResolverTest {

    @Test
    void resolvesCpuAndAuto() {
        assertThat(DeviceResolver.resolve("cpu")).isEqualTo(Device.cpu());
        assertThat(DeviceResolver.resolve(" CPU ")).isEqualTo(Device.cpu());
        assertThat(DeviceResolver.resolve("auto")).isEqualTo(Engine.getInstance().defaultDevice());
        assertThat(DeviceResolver.resolve(null)).isEqualTo(Engine.getInstance().defaultDevice());
    }

    @Test
    void gpuFailsFastWithoutGpu() {
        if (Engine.getInstance().getGpuCount() > 0) {
            assertThat(DeviceResolver.resolve("gpu")).isEqualTo(Device.gpu());
        } else {
            assertThatThrownBy(() -> DeviceResolver.resolve("gpu"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("kd.device=gpu")
                    .hasMessageContaining("no GPU");
        }
    }

    @Test
    void rejectsUnknownValues() {
        assertThatThrownBy(() -> DeviceResolver.resolve("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tpu'")
                .hasMessageContaining("auto, cpu, gpu");
    }
}
