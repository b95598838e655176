package io.kdstream.core.codec;

import io.kdstream.core.schema.Comparison;

/**
 * Kafka deserializer for {@link Comparison} records, also those written before {@code groups}
 * existed (v1).
 */
public final class ComparisonDeserializer extends AvroDeserializer<Comparison> {
    public ComparisonDeserializer() {
        super(
                Comparison.createDecoder(
                        SchemaHistory.of("comparison-v1.avsc", "comparison-v2.avsc")),
                "Comparison");
    }
}
