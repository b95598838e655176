package io.kdstream.core.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an Avro record with Avro single-object encoding.
 *
 * <p>The encoding starts with the two marker bytes {@code C3 01} and the schema's 64-bit
 * fingerprint, so a consumer in any language (Python's fastavro, for one) can tell which schema
 * wrote the bytes without a schema registry. One subclass per record type exists so that every
 * channel names its serializer by class, as Kafka's {@code value.serializer} needs.
 *
 * @param <T> the generated record type
 */
public abstract class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final BinaryMessageEncoder<T> encoder;

    protected AvroSerializer(BinaryMessageEncoder<T> encoder) {
        this.encoder = encoder;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(data);
            return Arrays.copyOfRange(
                    buffer.array(),
                    buffer.arrayOffset() + buffer.position(),
                    buffer.arrayOffset() + buffer.limit());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + data.getSchema().getName(), e);
        }
    }
}
