package io.kdstream.core.tools;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>Values are recognised by the schema fingerprint of their Avro single-object header ({@code C3
 * 01} then the CRC-64-AVRO fingerprint, little-endian), the same way a consumer in another language
 * would, and decoded generically: no generated class is instantiated, so a record written by a
 * newer schema version of a known record still prints as long as the fingerprint is known.
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
     * Renders a record value.
     *
     * @param value the record value, possibly {@code null} (a tombstone)
     * @return a JSON value: the decoded record, {@code null}, or an object describing bytes that
     *     are not one of kd-stream's records
     */
    public String value(byte[] value) {
        if (value == null) {
            return "null";
        }
        Schema schema = schemaOf(value);
        if (schema == null) {
            return "{\"undecoded\":" + value.length + ",\"utf8\":" + quote(preview(value)) + "}";
        }
        try {
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
            GenericRecord record =
                    reader.read(
                            null,
                            DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
            StringBuilder out = new StringBuilder();
            out.append("{\"schema\":").append(quote(schema.getName())).append(",\"record\":");
            write(out, record, schema);
            return out.append('}').toString();
        } catch (IOException | RuntimeException e) {
            return "{\"undecoded\":"
                    + value.length
                    + ",\"schema\":"
                    + quote(schema.getName())
                    + ",\"error\":"
                    + quote(String.valueOf(e.getMessage()))
                    + "}";
        }
    }

    private void write(StringBuilder out, Object datum, Schema schema) {
        switch (schema.getType()) {
            case RECORD -> writeRecord(out, (GenericRecord) datum, schema);
            case UNION -> {
                int branch = GenericData.get().resolveUnion(schema, datum);
                write(out, datum, schema.getTypes().get(branch));
            }
            case ARRAY -> {
                out.append('[');
                int i = 0;
                for (Object item : (List<?>) datum) {
                    if (i++ > 0) {
                        out.append(',');
                    }
                    write(out, item, schema.getElementType());
                }
                out.append(']');
            }
            case MAP -> {
                out.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    if (i++ > 0) {
                        out.append(',');
                    }
                    out.append(quote(e.getKey().toString())).append(':');
                    write(out, e.getValue(), schema.getValueType());
                }
                out.append('}');
            }
            case STRING, ENUM -> out.append(quote(datum.toString()));
            case BYTES ->
                    out.append(
                            quote(Base64.getEncoder().encodeToString(toArray((ByteBuffer) datum))));
            case FIXED ->
                    out.append(
                            quote(
                                    Base64.getEncoder()
                                            .encodeToString(((GenericData.Fixed) datum).bytes())));
            case LONG -> {
                LogicalType logical = schema.getLogicalType();
                if (logical != null && "timestamp-micros".equals(logical.getName())) {
                    long micros = (Long) datum;
                    Instant instant =
                            Instant.ofEpochSecond(
                                    Math.floorDiv(micros, 1_000_000L),
                                    Math.floorMod(micros, 1_000_000L) * 1000L);
                    out.append(quote(instant.toString()));
                } else {
                    out.append(datum);
                }
            }
            case FLOAT -> out.append(number((Float) datum));
            case DOUBLE -> out.append(number((Double) datum));
            case NULL -> out.append("null");
            default -> out.append(datum);
        }
    }

    private void writeRecord(StringBuilder out, GenericRecord record, Schema schema) {
        out.append('{');
        int i = 0;
        for (Schema.Field field : schema.getFields()) {
            if (i++ > 0) {
                out.append(',');
            }
            out.append(quote(field.name())).append(':');
            Object datum = record.get(field.pos());
            Schema fieldSchema = nonNull(field.schema(), datum);
            if (datum != null
                    && fieldSchema.getType() == Schema.Type.BYTES
                    && bytes != Bytes.BASE64) {
                writeTensor(out, field.name(), (ByteBuffer) datum, record);
            } else {
                write(out, datum, field.schema());
            }
        }
        out.append('}');
    }

    /**
     * Prints a bytes field as a summary, or as numbers when it is one of the documented tensors.
     */
    private void writeTensor(
            StringBuilder out, String name, ByteBuffer data, GenericRecord record) {
        List<?> shape = shapeOf(name, record);
        boolean decode = bytes == Bytes.TENSORS;
        if (decode && "logits".equals(name)) {
            ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            out.append('[');
            for (int i = 0; le.remaining() >= Float.BYTES; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(number(le.getFloat()));
            }
            out.append(']');
        } else if (decode && ("images".equals(name) || "labels".equals(name))) {
            byte[] values = toArray(data);
            out.append('[');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(values[i] & 0xff);
            }
            out.append(']');
        } else {
            out.append("{\"bytes\":").append(data.remaining());
            if (shape != null) {
                out.append(",\"shape\":").append(shape.toString().replace(" ", ""));
            }
            out.append('}');
        }
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

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    /** JSON has no NaN or infinity: those print as strings. */
    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : quote(Double.toString(value));
    }

    private static String number(float value) {
        return Float.isFinite(value) ? Float.toString(value) : quote(Float.toString(value));
    }

    private static String preview(byte[] value) {
        String text = new String(value, 0, Math.min(value.length, 80), StandardCharsets.UTF_8);
        return text.replaceAll("[^\\x20-\\x7e]", ".");
    }

    /**
     * Quotes a string as a JSON string literal.
     *
     * @param text the text
     * @return the JSON literal, with quotes
     */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
