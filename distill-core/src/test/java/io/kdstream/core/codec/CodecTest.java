package io.kdstream.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.core.schema.TeacherRun;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Round trips of the Kafka codecs.
 *
 * <p>Plain JUnit: in-memory channels skip serialization, so what goes over the wire is checked
 * here, without Quarkus.
 */
class CodecTest {

    private static TeacherLogitBatch batch() {
        float[] logits = {1.5f, -2.25f, 0f, Float.MIN_VALUE, 3.0e-7f, -1e9f};
        return TeacherLogitBatch.newBuilder()
                .setRunId("run-1")
                .setBatchIndex(3)
                .setBatchCount(10)
                .setSampleIndices(List.of(7, 42))
                .setLabels(ByteBuffer.wrap(new byte[] {5, 9}))
                .setImages(ByteBuffer.wrap(new byte[] {0, (byte) 255, 1, 2, 3, 4, 5, 6}))
                .setImageShape(List.of(2, 2, 2))
                .setLogits(Tensors.toBytes(logits))
                .setLogitsShape(List.of(2, 3))
                .build();
    }

    @Test
    void progressWrittenBeforeTheAttemptFieldStillDecodes() throws Exception {
        // a record as a worker of the previous version wrote it: the v1 schema, no attempt field
        org.apache.avro.Schema v1;
        try (var in = getClass().getResourceAsStream("/avro-history/training-progress-v1.avsc")) {
            v1 = new org.apache.avro.Schema.Parser().parse(in);
        }
        org.apache.avro.generic.GenericRecord old =
                new org.apache.avro.generic.GenericData.Record(v1);
        old.put("id", "job-old");
        old.put(
                "kind",
                new org.apache.avro.generic.GenericData.EnumSymbol(
                        v1.getField("kind").schema(), "STUDENT_JOB"));
        old.put(
                "state",
                new org.apache.avro.generic.GenericData.EnumSymbol(
                        v1.getField("state").schema(), "DONE"));
        old.put("worker", "host/w1");
        old.put("epoch", 3);
        old.put("epochs", 3);
        old.put("step", 0);
        old.put("stepsPerEpoch", 0);
        old.put("updatedAt", 1_700_000_000_000_000L);
        byte[] bytes =
                new org.apache.avro.message.BinaryMessageEncoder<
                                org.apache.avro.generic.GenericRecord>(
                                org.apache.avro.generic.GenericData.get(), v1)
                        .encode(old)
                        .array();

        try (TrainingProgressDeserializer deserializer = new TrainingProgressDeserializer()) {
            io.kdstream.core.schema.TrainingProgress p =
                    deserializer.deserialize("kd.training-progress", bytes);
            assertThat(p.getId()).isEqualTo("job-old");
            assertThat(p.getEpoch()).isEqualTo(3);
            assertThat(p.getAttempt()).isNull();
        }
        // and the current schema is a different one, with the attempt
        assertThat(SchemaNormalization.parsingFingerprint64(v1))
                .isNotEqualTo(
                        SchemaNormalization.parsingFingerprint64(
                                io.kdstream.core.schema.TrainingProgress.getClassSchema()));
    }

    /** Encodes a record as a service of an earlier version wrote it, with a history schema. */
    private static byte[] writtenWith(
            String historyFile,
            java.util.function.Consumer<org.apache.avro.generic.GenericRecord> fill)
            throws Exception {
        org.apache.avro.Schema old;
        try (var in = CodecTest.class.getResourceAsStream("/avro-history/" + historyFile)) {
            old = new org.apache.avro.Schema.Parser().parse(in);
        }
        org.apache.avro.generic.GenericRecord r =
                new org.apache.avro.generic.GenericData.Record(old);
        fill.accept(r);
        return new org.apache.avro.message.BinaryMessageEncoder<
                        org.apache.avro.generic.GenericRecord>(
                        org.apache.avro.generic.GenericData.get(), old)
                .encode(r)
                .array();
    }

    /** The fields every StudentJob version shares, beside the job's ids and seed. */
    private static void putStudentSettings(org.apache.avro.generic.GenericRecord r) {
        r.put("teacherRunId", "run-1");
        r.put("architecture", "tutorial-student");
        r.put("lossMode", "hinton");
        r.put("alpha", 0.1);
        r.put("temperature", 10.0);
        r.put("epochs", 3);
        r.put("learningRate", 0.005);
        r.put("momentum", 0.9);
        r.put("batchSize", 64);
        r.put("weightInit", "pytorch-default");
        r.put("submittedAt", 1_700_000_000_000_000L);
    }

    @Test
    void studentJobWrittenBeforeTheGroupFieldStillDecodes() throws Exception {
        byte[] bytes =
                writtenWith(
                        "student-job-v1.avsc",
                        r -> {
                            r.put("jobId", "exp-1-hinton");
                            r.put("experimentId", "exp-1");
                            putStudentSettings(r);
                            r.put("seed", 7L);
                        });
        try (StudentJobDeserializer d = new StudentJobDeserializer()) {
            io.kdstream.core.job.JobSpec job =
                    io.kdstream.core.job.StudentJobMapper.toDomain(d.deserialize("t", bytes));
            assertThat(job.group()).isNull();
            assertThat(job.groupName()).as("a group of its own").isEqualTo("hinton");
        }
    }

    @Test
    void studentJobWrittenBeforeTheTransferSetStillDecodesAsTheFullSet() throws Exception {
        byte[] bytes =
                writtenWith(
                        "student-job-v2.avsc",
                        r -> {
                            r.put("jobId", "exp-2-hinton-s1");
                            r.put("experimentId", "exp-2");
                            putStudentSettings(r);
                            r.put("seed", 1L);
                            r.put("group", "hinton");
                        });
        try (StudentJobDeserializer d = new StudentJobDeserializer()) {
            io.kdstream.core.job.JobSpec job =
                    io.kdstream.core.job.StudentJobMapper.toDomain(d.deserialize("t", bytes));
            assertThat(job.group()).isEqualTo("hinton");
            assertThat(job.transferSet()).isEqualTo(io.kdstream.core.job.TransferSet.FULL);
        }
    }

    @Test
    void teacherRunWrittenBeforeTheProfileFieldIsReadAsQuick() throws Exception {
        byte[] bytes =
                writtenWith(
                        "teacher-run-v1.avsc",
                        r -> {
                            r.put("runId", "run-old");
                            r.put("architecture", "tutorial-teacher");
                            r.put("teacherModelId", "teacher-1-e3");
                            r.put("datasetFingerprint", "abc");
                            r.put("sampleCount", 60000);
                            r.put("batchSize", 128);
                            r.put("batchCount", 469);
                            r.put(
                                    "status",
                                    new org.apache.avro.generic.GenericData.EnumSymbol(
                                            r.getSchema().getField("status").schema(), "COMPLETE"));
                            r.put("logitsTopic", "kd.teacher-logits");
                            r.put("offsets", List.of());
                            r.put("updatedAt", 1_700_000_000_000_000L);
                        });
        try (TeacherRunDeserializer d = new TeacherRunDeserializer()) {
            io.kdstream.core.run.RunManifest run =
                    io.kdstream.core.run.TeacherRunMapper.toDomain(d.deserialize("t", bytes));
            assertThat(run.profile()).isNull();
            assertThat(run.profileOrDefault()).isEqualTo("quick");
        }
    }

    @Test
    void comparisonWrittenBeforeTheGroupsFieldStillDecodes() throws Exception {
        byte[] bytes =
                writtenWith(
                        "comparison-v1.avsc",
                        r -> {
                            r.put("experimentId", "exp-1");
                            r.put("teacherRunId", "run-1");
                            r.put("complete", true);
                            r.put("rows", List.of());
                            r.put("updatedAt", 1_700_000_000_000_000L);
                        });
        try (ComparisonDeserializer d = new ComparisonDeserializer()) {
            io.kdstream.core.schema.Comparison c = d.deserialize("t", bytes);
            assertThat(c.getExperimentId()).isEqualTo("exp-1");
            assertThat(c.getGroups()).isEmpty();
        }
        // the v1 file inlines ModelRole, which leaves its fingerprint as the generated class had it
        org.apache.avro.Schema v1;
        try (var in = getClass().getResourceAsStream("/avro-history/comparison-v1.avsc")) {
            v1 = new org.apache.avro.Schema.Parser().parse(in);
        }
        assertThat(v1.getField("rows").schema().getElementType().getField("role").schema())
                .isEqualTo(io.kdstream.core.schema.ModelRole.getClassSchema());
    }

    @Test
    void teacherLogitBatchRoundTripKeepsTensorsExact() {
        byte[] bytes = new TeacherLogitBatchSerializer().serialize("t", batch());
        TeacherLogitBatch back = new TeacherLogitBatchDeserializer().deserialize("t", bytes);

        assertThat(back).isEqualTo(batch());
        assertThat(Tensors.toFloats(back.getLogits(), back.getLogitsShape(), "logits"))
                .containsExactly(1.5f, -2.25f, 0f, Float.MIN_VALUE, 3.0e-7f, -1e9f);
        assertThat(Tensors.toUint8(back.getImages(), back.getImageShape(), "images")[1] & 0xff)
                .isEqualTo(255);
    }

    @Test
    void recordsNameTheirSchemaInTheSingleObjectHeader() {
        byte[] bytes = new TeacherLogitBatchSerializer().serialize("t", batch());
        // Single-object encoding: marker C3 01, then the schema's CRC-64-AVRO fingerprint,
        // little-endian.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                SchemaNormalization.parsingFingerprint64(TeacherLogitBatch.getClassSchema());
        long written =
                ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(written).isEqualTo(fingerprint);
    }

    @Test
    void manifestAndCheckpointRoundTrip() {
        TeacherRun run =
                TeacherRun.newBuilder()
                        .setRunId("run-1")
                        .setArchitecture("tutorial-teacher")
                        .setTeacherModelId("teacher-1-e3")
                        .setDatasetFingerprint("abc")
                        .setSampleCount(60000)
                        .setBatchSize(128)
                        .setBatchCount(469)
                        .setStatus(RunStatus.COMPLETE)
                        .setLogitsTopic("kd.teacher-logits")
                        .setOffsets(List.of(new PartitionRange(0, 10L, 479L)))
                        .setTeacherTestAccuracy(0.99)
                        .setUpdatedAt(Instant.parse("2026-11-28T10:00:00Z"))
                        .build();
        assertThat(
                        new TeacherRunDeserializer()
                                .deserialize("r", new TeacherRunSerializer().serialize("r", run)))
                .isEqualTo(run);

        ModelCheckpoint checkpoint =
                ModelCheckpoint.newBuilder()
                        .setModelId("job-1-e2")
                        .setRole(ModelRole.STUDENT)
                        .setArchitecture("tutorial-student")
                        .setOwnerId("job-1")
                        .setLossMode("hinton")
                        .setEpoch(2)
                        .setEpochs(5)
                        .setTrainLoss(0.25)
                        .setHyperparameters(Map.of("alpha", "0.1", "temperature", "10.0"))
                        .setParameterCount(46164)
                        .setParameters(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setCreatedAt(Instant.parse("2026-11-28T10:00:00Z"))
                        .build();
        assertThat(
                        new ModelCheckpointDeserializer()
                                .deserialize(
                                        "m",
                                        new ModelCheckpointSerializer().serialize("m", checkpoint)))
                .isEqualTo(checkpoint);
    }

    @Test
    void malformedBytesRaiseASerializationExceptionNamingTopicAndRecord() {
        assertThatThrownBy(
                        () ->
                                new TeacherLogitBatchDeserializer()
                                        .deserialize("kd.teacher-logits", "not avro".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("kd.teacher-logits")
                .hasMessageContaining("TeacherLogitBatch");
        // A record of another schema is refused too: its fingerprint is unknown to this decoder.
        byte[] run =
                new TeacherRunSerializer()
                        .serialize(
                                "r",
                                TeacherRun.newBuilder()
                                        .setRunId("r")
                                        .setArchitecture("a")
                                        .setTeacherModelId("m")
                                        .setDatasetFingerprint("f")
                                        .setSampleCount(1)
                                        .setBatchSize(1)
                                        .setBatchCount(1)
                                        .setStatus(RunStatus.STREAMING)
                                        .setLogitsTopic("t")
                                        .setOffsets(List.of())
                                        .setUpdatedAt(Instant.EPOCH)
                                        .build());
        assertThatThrownBy(() -> new TeacherLogitBatchDeserializer().deserialize("t", run))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void tensorShapeMismatchNamesTheField() {
        assertThatThrownBy(
                        () ->
                                Tensors.toFloats(
                                        Tensors.toBytes(new float[5]), List.of(2, 3), "logits"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits")
                .hasMessageContaining("24 bytes");
    }
}
