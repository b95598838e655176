package io.kdstream.faults;

import io.kdstream.core.codec.ModelCheckpointDeserializer;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import java.nio.ByteBuffer;

/**
 * Checkpoint records that decode as Avro but whose parameters are wrong in one way, made from a
 * real checkpoint: NaN in the first weight, a teacher's parameters declared as the student's
 * architecture (wrong shapes), or the first array declaring a length of gigabytes.
 */
final class CorruptCheckpoints {

    /** conv1's weights (6 filters, 1 channel, 3 x 3) in bytes: the first array's length field. */
    private static final int CONV1_BYTES = 6 * 3 * 3 * Float.BYTES;

    private CorruptCheckpoints() {}

    /**
     * @param real the bytes of a teacher checkpoint record
     * @param kind "NaN parameters", "wrong shapes" or "huge declared length"
     * @param n makes the model id unique
     */
    static byte[] of(byte[] real, String kind, int n) {
        ModelCheckpoint c;
        try (ModelCheckpointDeserializer d = new ModelCheckpointDeserializer()) {
            c = d.deserialize("models", real);
        }
        byte[] parameters = new byte[c.getParameters().remaining()];
        c.getParameters().duplicate().get(parameters);
        // a student of a job nobody runs: nothing real is keyed by it
        c.setModelId("malformed-checkpoint-" + n);
        c.setOwnerId("malformed-job-" + n);
        c.setRole(ModelRole.STUDENT);
        c.setExperimentId(null);
        switch (kind) {
            // all bits set is a NaN in either byte order
            case "NaN parameters" ->
                    ByteBuffer.wrap(parameters).putInt(conv1(parameters) + Integer.BYTES, -1);
            case "wrong shapes" -> c.setArchitecture(ArchitectureRegistry.TUTORIAL_STUDENT);
            case "huge declared length" ->
                    ByteBuffer.wrap(parameters).putInt(conv1(parameters), Integer.MAX_VALUE - 8);
            default -> throw new IllegalArgumentException(kind);
        }
        c.setParameters(ByteBuffer.wrap(parameters));
        try (ModelCheckpointSerializer s = new ModelCheckpointSerializer()) {
            return s.serialize("models", c);
        }
    }

    /** Where the first array declares its length. */
    private static int conv1(byte[] parameters) {
        ByteBuffer b = ByteBuffer.wrap(parameters);
        for (int i = 0; i + Integer.BYTES <= parameters.length; i++) {
            if (b.getInt(i) == CONV1_BYTES) {
                return i;
            }
        }
        throw new IllegalStateException("no array of " + CONV1_BYTES + " bytes in the checkpoint");
    }
}
