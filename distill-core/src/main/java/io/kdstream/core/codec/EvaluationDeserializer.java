package io.kdstream.core.codec;

import io.kdstream.core.schema.Evaluation;

/** Kafka deserializer for {@link Evaluation} records. */
public final class EvaluationDeserializer extends AvroDeserializer<Evaluation> {
    public EvaluationDeserializer() {
        super(Evaluation.createDecoder(SchemaHistory.of("evaluation-v1.avsc")), "Evaluation");
    }
}
