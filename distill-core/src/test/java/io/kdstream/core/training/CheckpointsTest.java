package io.kdstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.kdstream.core.model.ArchitectureRegistry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint must have its architecture's layout before DJL reads it: DJL allocates each array at
 * the length the bytes declare, before reading the data.
 */
class CheckpointsTest {

    private static final String STUDENT = ArchitectureRegistry.TUTORIAL_STUDENT;

    private static byte[] studentBytes() {
        TrainingSpec spec = TrainingSpec.builder(STUDENT).optNoDistillation().build();
        try (Model model = ClassifierTrainer.newModel(spec)) {
            return Checkpoints.toBytes(model.getBlock());
        }
    }

    @Test
    void aValidCheckpointLoads() throws MalformedModelException {
        byte[] bytes = studentBytes();
        try (Model model = Checkpoints.newModel(STUDENT, Device.cpu(), bytes)) {
            assertThat(Checkpoints.toBytes(model.getBlock())).isEqualTo(bytes);
        }
    }

    @Test
    void aDeclaredLengthOfGigabytesIsRefusedBeforeDjlAllocatesIt() {
        byte[] bytes = studentBytes();
        // the first array's data follows its length, a big-endian int: 6 * 1 * 3 * 3 floats
        int length = 6 * 3 * 3 * Float.BYTES;
        int at = indexOfInt(bytes, length);
        assertThat(at).as("conv1's declared length").isPositive();
        ByteBuffer.wrap(bytes).putInt(at, Integer.MAX_VALUE - 8);

        assertThatThrownBy(() -> Checkpoints.newModel(STUDENT, Device.cpu(), bytes).close())
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("declared length");
    }

    @Test
    void aTruncatedCheckpointIsRefusedWithBothLengths() {
        byte[] bytes = studentBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> Checkpoints.newModel(STUDENT, Device.cpu(), truncated).close())
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining(truncated.length + " bytes")
                .hasMessageContaining(bytes.length + " bytes")
                .hasMessageContaining("do not fit");
    }

    @Test
    void aCheckpointHoldingNaNIsRefusedNamingTheParameter() {
        byte[] bytes = studentBytes();
        // the first float of conv1's weights follows its declared length; all bits set is a NaN
        // in either byte order
        int at = indexOfInt(bytes, 6 * 3 * 3 * Float.BYTES);
        ByteBuffer.wrap(bytes).putInt(at + Integer.BYTES, -1);

        assertThatThrownBy(() -> Checkpoints.newModel(STUDENT, Device.cpu(), bytes).close())
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("holds NaN at index 0")
                .hasMessageContaining("finite");
    }

    /** The first position of a big-endian int. */
    private static int indexOfInt(byte[] bytes, int value) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (int i = 0; i + Integer.BYTES <= bytes.length; i++) {
            if (buffer.getInt(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
