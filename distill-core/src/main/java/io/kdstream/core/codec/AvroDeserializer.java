package io.kdstream.core.codec;

import io.kdstream.core.schema.ModelRole;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an Avro record written with single-object encoding by {@link AvroSerializer}.
 *
 * <p>Bytes that are not a record of the expected schema raise a {@link SerializationException}
 * naming the topic and the record type; with SmallRye's {@code
 * fail-on-deserialization-failure=false} such records go to the dead-letter topic with that reason
 * and the consumer keeps going.
 *
 * @param <T> the generated record type
 */
public abstract class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        trustGeneratedRecords();
    }

    private final BinaryMessageDecoder<T> decoder;
    private final String recordName;

    protected AvroDeserializer(BinaryMessageDecoder<T> decoder, String recordName) {
        this.decoder = decoder;
        this.recordName = recordName;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new SerializationException(
                    "topic "
                            + topic
                            + ": "
                            + data.length
                            + " bytes are not a "
                            + recordName
                            + " record in Avro single-object encoding ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * Lets Avro 1.12+ instantiate our generated classes when decoding.
     *
     * <p>Avro refuses to reflectively create classes outside {@code java.*} unless trusted, to stop
     * untrusted bytes from instantiating arbitrary classes. Only the generated schema package is
     * added; the defaults (and the system-property list) stay in force.
     */
    private static synchronized void trustGeneratedRecords() {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        String schemaPackage = ModelRole.class.getPackageName();
        ClassSecurityValidator.setGlobal(
                type -> schemaPackage.equals(type.getPackageName()) || previous.isTrusted(type));
    }
}
