package io.kdstream.core.codec;

import io.kdstream.core.schema.Comparison;

/** Kafka deserializer for {@link Comparison} records. */
public final class ComparisonDeserializer extends AvroDeserializer<Comparison> {
    public ComparisonDeserializer() {
        super(Comparison.getDecoder(), "Comparison");
    }
}
