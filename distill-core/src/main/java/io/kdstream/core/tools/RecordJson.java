package io.kdstream.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdstream.core.schema.Comparison;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.core.schema.TeacherRun;
import io.kdstream.core.schema.TrainingProgress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Renders kd-stream's Kafka record values as one line of JSON each.
 *
 * <p>Jackson builds and writes the JSON. Values are recognised by the schema fingerprint of their
 * Avro single-object header ({@code C3 01} then the CRC-64-AVRO fingerprint, little-endian), the
 * same way a consumer in another language would, and decoded generically: no generated class is
 * instantiated, so a record written by a newer schema version of a known record still prints as
 * long as the fingerprint is known.
 *
 * <p>Tensor fields ({@code bytes}) print as their size and shape by default; with {@link
 * Bytes#TENSORS} the documented tensors (float32 logits, uint8 images and labels) print as numbers,
 * and with {@link Bytes#BASE64} every {@code bytes} field prints as base64. Timestamps ({@code
 * timestamp-micros}) print as ISO-8601 instants.
 */
public final class RecordJson {

    /** How {@code bytes} fields are printed. */
    public enum Bytes {
        /** Byte count, plus the shape where the record declares one. */
        SUMMARY,
        /** logits as float32, images and labels as uint8 numbers; other bytes as a summary. */
        TENSORS,
        /** Every bytes field as base64. */
        BASE64
    }

    private static final List<Schema> KNOWN =
            List.of(
                    TeacherLogitBatch.getClassSchema(),
                    TeacherRun.getClassSchema(),
                    ModelCheckpoint.getClassSchema(),
                    StudentJob.getClassSchema(),
                    TrainingProgress.getClassSchema(),
                    Evaluation.getClassSchema(),
                    Comparison.getClassSchema());

    private static final Map<Long, Schema> BY_FINGERPRINT = new HashMap<>();

    static {
        for (Schema schema : KNOWN) {
            BY_FINGERPRINT.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Bytes bytes;

    /**
     * Creates a renderer.
     *
     * @param bytes how {@code bytes} fields are printed
     */
    public RecordJson(Bytes bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the schema a single-object encoded value names, if it is one of ours.
     *
     * @param value the record value
     * @return the schema, or {@code null} if the value is not single-object encoded or the
     *     fingerprint is unknown
     */
    public static Schema schemaOf(byte[] value) {
        if (value == null
                || value.length < 10
                || value[0] != (byte) 0xC3
                || value[1] != (byte) 0x01) {
            return null;
        }
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return BY_FINGERPRINT.get(fingerprint);
    }

    /**
     * Renders a record value as one line of JSON.
     *
     * @param value the record value, possibly {@code null} (a tombstone)
     * @return the JSON text of {@link #node(byte[])}
     */
    public String value(byte[] value) {
        return write(node(value));
    }

    /**
     * Renders a record value.
     *
     * @param value the record value, possibly {@code null} (a tombstone)
     * @return the decoded record, JSON null, or an object describing bytes that are not one of
     *     kd-stream's records
     */
    public JsonNode node(byte[] value) {
        if (value == null) {
            return NODES.nullNode();
        }
        Schema schema = schemaOf(value);
        if (schema == null) {
            return NODES.objectNode().put("undecoded", value.length).put("utf8", preview(value));
        }
        try {
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
            GenericRecord record =
                    reader.read(
                            null,
                            DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
            ObjectNode out = NODES.objectNode().put("schema", schema.getName());
            out.set("record", datum(record, schema));
            return out;
        } catch (IOException | RuntimeException e) {
            return NODES.objectNode()
                    .put("undecoded", value.length)
                    .put("schema", schema.getName())
                    .put("error", String.valueOf(e.getMessage()));
        }
    }

    /**
     * Writes a JSON tree as one line.
     *
     * @param node the tree
     * @return its JSON text
     */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree did not serialise", e);
        }
    }

    private JsonNode datum(Object datum, Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> record((GenericRecord) datum, schema);
            case UNION ->
                    datum(
                            datum,
                            schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ARRAY -> {
                ArrayNode out = NODES.arrayNode();
                for (Object item : (List<?>) datum) {
                    out.add(datum(item, schema.getElementType()));
                }
                yield out;
            }
            case MAP -> {
                ObjectNode out = NODES.objectNode();
                ((Map<?, ?>) datum)
                        .forEach((k, v) -> out.set(k.toString(), datum(v, schema.getValueType())));
                yield out;
            }
            case STRING, ENUM -> NODES.textNode(datum.toString());
            case BYTES -> NODES.binaryNode(toArray((ByteBuffer) datum));
            case FIXED -> NODES.binaryNode(((GenericData.Fixed) datum).bytes());
            case LONG -> {
                LogicalType logical = schema.getLogicalType();
                yield logical != null && "timestamp-micros".equals(logical.getName())
                        ? NODES.textNode(instant((Long) datum).toString())
                        : NODES.numberNode((Long) datum);
            }
            case INT -> NODES.numberNode((Integer) datum);
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case FLOAT -> number((Float) datum);
            case DOUBLE -> number((Double) datum);
            case NULL -> NODES.nullNode();
        };
    }

    private ObjectNode record(GenericRecord record, Schema schema) {
        ObjectNode out = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            Object datum = record.get(field.pos());
            Schema fieldSchema = nonNull(field.schema(), datum);
            if (datum != null
                    && fieldSchema.getType() == Schema.Type.BYTES
                    && bytes != Bytes.BASE64) {
                out.set(field.name(), tensor(field.name(), (ByteBuffer) datum, record));
            } else {
                out.set(field.name(), datum(datum, field.schema()));
            }
        }
        return out;
    }

    /** A bytes field as a summary, or as numbers when it is one of the documented tensors. */
    private JsonNode tensor(String name, ByteBuffer data, GenericRecord record) {
        boolean decode = bytes == Bytes.TENSORS;
        if (decode && "logits".equals(name)) {
            ArrayNode out = NODES.arrayNode();
            ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (le.remaining() >= Float.BYTES) {
                out.add(number(le.getFloat()));
            }
            return out;
        }
        if (decode && ("images".equals(name) || "labels".equals(name))) {
            ArrayNode out = NODES.arrayNode();
            for (byte b : toArray(data)) {
                out.add(b & 0xff);
            }
            return out;
        }
        ObjectNode out = NODES.objectNode().put("bytes", data.remaining());
        List<?> shape = shapeOf(name, record);
        if (shape != null) {
            ArrayNode dims = out.putArray("shape");
            shape.forEach(d -> dims.add(((Number) d).longValue()));
        }
        return out;
    }

    /**
     * The shape field that goes with a tensor field: logits has logitsShape, images has imageShape.
     */
    private static List<?> shapeOf(String name, GenericRecord record) {
        for (String candidate : List.of(name + "Shape", name.replaceAll("s$", "") + "Shape")) {
            if (record.getSchema().getField(candidate) != null
                    && record.get(candidate) instanceof List<?> list) {
                return list;
            }
        }
        return null;
    }

    private static Schema nonNull(Schema schema, Object datum) {
        if (schema.getType() == Schema.Type.UNION && datum != null) {
            return schema.getTypes().get(GenericData.get().resolveUnion(schema, datum));
        }
        return schema;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    /** JSON has no NaN or infinity: those print as strings. */
    private static JsonNode number(double value) {
        return Double.isFinite(value)
                ? NODES.numberNode(value)
                : NODES.textNode(Double.toString(value));
    }

    private static JsonNode number(float value) {
        return Float.isFinite(value)
                ? NODES.numberNode(value)
                : NODES.textNode(Float.toString(value));
    }

    private static String preview(byte[] value) {
        String text = new String(value, 0, Math.min(value.length, 80), StandardCharsets.UTF_8);
        return text.replaceAll("[^\\x20-\\x7e]", ".");
    }
}
