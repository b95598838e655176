package io.kdstream.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.codec.TeacherLogitBatchSerializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.codec.Tensors;
import io.kdstream.core.schema.PartitionRange;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherLogitBatch;
import io.kdstream.core.schema.TeacherRun;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * What TopicDump prints for our records.
 *
 * <p>Plain JUnit: rendering works on the bytes a serializer writes, no broker is involved.
 */
class RecordJsonTest {

    private static TeacherLogitBatch batch() {
        return TeacherLogitBatch.newBuilder()
                .setRunId("run-1")
                .setBatchIndex(0)
                .setBatchCount(1)
                .setSampleIndices(List.of(7, 42))
                .setLabels(ByteBuffer.wrap(new byte[] {5, 9}))
                .setImages(ByteBuffer.wrap(new byte[] {0, (byte) 255, 1, 2}))
                .setImageShape(List.of(2, 1, 2))
                .setLogits(Tensors.toBytes(new float[] {1.5f, -2.25f, 0.1f, 3f}))
                .setLogitsShape(List.of(2, 2))
                .build();
    }

    @Test
    void logitBatchPrintsTensorShapesByDefaultAndNumbersOnRequest() {
        byte[] bytes = new TeacherLogitBatchSerializer().serialize("kd.teacher-logits", batch());

        String summary = new RecordJson(RecordJson.Bytes.SUMMARY).value(bytes);
        assertThat(summary)
                .startsWith("{\"schema\":\"TeacherLogitBatch\",\"record\":{\"runId\":\"run-1\"")
                .contains("\"logits\":{\"bytes\":16,\"shape\":[2,2]}")
                .contains("\"images\":{\"bytes\":4,\"shape\":[2,1,2]}")
                .contains("\"labels\":{\"bytes\":2}");

        String tensors = new RecordJson(RecordJson.Bytes.TENSORS).value(bytes);
        assertThat(tensors)
                .contains("\"logits\":[1.5,-2.25,0.1,3.0]")
                .contains("\"images\":[0,255,1,2]")
                .contains("\"labels\":[5,9]");
    }

    @Test
    void manifestPrintsEnumsUnionsAndTimestamps() {
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
                        .setTeacherTestAccuracy(0.9912)
                        .setReason(null)
                        .setUpdatedAt(Instant.parse("2026-11-28T10:00:00.123456Z"))
                        .build();
        String json =
                new RecordJson(RecordJson.Bytes.SUMMARY)
                        .value(new TeacherRunSerializer().serialize("kd.teacher-runs", run));

        assertThat(json)
                .contains("\"status\":\"COMPLETE\"")
                .contains("\"offsets\":[{\"partition\":0,\"startOffset\":10,\"endOffset\":479}]")
                .contains("\"teacherTestAccuracy\":0.9912")
                .contains("\"reason\":null")
                .contains("\"updatedAt\":\"2026-11-28T10:00:00.123456Z\"");
    }

    @Test
    void deadLetterShowsHeadersAndUndecodableBytes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                new RecordHeader(
                        "dead-letter-reason", "bad \"bytes\"".getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                        "kd.dead-letters",
                        0,
                        5L,
                        1_700_000_000_000L,
                        TimestampType.CREATE_TIME,
                        3,
                        4,
                        "k1".getBytes(StandardCharsets.UTF_8),
                        "oops".getBytes(StandardCharsets.UTF_8),
                        headers,
                        java.util.Optional.empty());

        String line = TopicDump.line(record, new RecordJson(RecordJson.Bytes.SUMMARY));

        assertThat(line)
                .isEqualTo(
                        "{\"topic\":\"kd.dead-letters\",\"partition\":0,\"offset\":5,"
                                + "\"timestamp\":\"2023-11-14T22:13:20Z\",\"key\":\"k1\","
                                + "\"headers\":{\"dead-letter-reason\":\"bad \\\"bytes\\\"\"},"
                                + "\"value\":{\"undecoded\":4,\"utf8\":\"oops\"}}");
    }

    @Test
    void optionsNameEveryTopicWithAll() {
        TopicDump.Options options =
                TopicDump.Options.parse(
                        new String[] {
                            "--bootstrap-server",
                            "b:1",
                            "--all",
                            "--prefix",
                            "x.",
                            "--from-beginning"
                        });
        assertThat(options.bootstrap()).isEqualTo("b:1");
        assertThat(options.topics())
                .contains("x.student-jobs", "x.teacher-logits", "x.job-states")
                .hasSize(9);
        assertThat(options.fromBeginning()).isTrue();
    }
}
