package io.kdstream.core.codec;

import io.kdstream.core.schema.Comparison;

/** Kafka serializer for {@link Comparison} records. */
public final class ComparisonSerializer extends AvroSerializer<Comparison> {
    public ComparisonSerializer() {
        super(Comparison.getEncoder());
    }
}
