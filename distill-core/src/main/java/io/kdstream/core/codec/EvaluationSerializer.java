package io.kdstream.core.codec;

import io.kdstream.core.schema.Evaluation;

/** Kafka serializer for {@link Evaluation} records. */
public final class EvaluationSerializer extends AvroSerializer<Evaluation> {
    public EvaluationSerializer() {
        super(Evaluation.getEncoder());
    }
}
