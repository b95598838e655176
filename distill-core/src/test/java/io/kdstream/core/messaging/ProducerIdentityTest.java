package io.kdstream.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdstream.core.schema.ModelRole;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ProducerIdentityTest {

    private final ProducerIdentity check =
            new ProducerIdentity(true, "teacher-service", "student-service");

    private static Headers from(String producer) {
        Headers headers = new RecordHeaders();
        headers.add("other", "x".getBytes(StandardCharsets.UTF_8));
        if (producer != null) {
            headers.add(ProducerIdentity.HEADER, producer.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void acceptsEachRecordFromItsProducer() {
        assertThat(check.manifestRejection(from("teacher-service"))).isEmpty();
        assertThat(check.checkpointRejection(ModelRole.TEACHER, from("teacher-service"))).isEmpty();
        assertThat(check.checkpointRejection(ModelRole.STUDENT, from("student-service"))).isEmpty();
    }

    @Test
    void refusesARecordWithoutTheHeader() {
        assertThat(check.manifestRejection(from(null)))
                .hasValue(
                        "a run manifest must come from 'teacher-service'"
                                + " (kd.security.require-producer-identity=true), but its"
                                + " kd-producer header is missing");
        assertThat(check.checkpointRejection(ModelRole.STUDENT, new RecordHeaders()))
                .get()
                .asString()
                .contains("STUDENT checkpoint must come from 'student-service'", "missing");
    }

    @Test
    void refusesARecordFromAnotherService() {
        // the student may write the models topic, but not a teacher's checkpoint
        assertThat(check.checkpointRejection(ModelRole.TEACHER, from("student-service")))
                .get()
                .asString()
                .contains(
                        "TEACHER checkpoint must come from 'teacher-service'",
                        "header is 'student-service'");
        // nor may the teacher write a student's (a DONE job's) checkpoint
        assertThat(check.checkpointRejection(ModelRole.STUDENT, from("teacher-service")))
                .isPresent();
        assertThat(check.manifestRejection(from("evaluator-service")))
                .get()
                .asString()
                .contains("'evaluator-service'");
        assertThatThrownBy(() -> check.requireManifest(from("student-service")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run manifest must come from 'teacher-service'");
        assertThatThrownBy(() -> check.requireCheckpoint(ModelRole.TEACHER, from(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header is missing");
    }

    @Test
    void theLastHeaderCounts() {
        Headers headers = from("student-service");
        headers.add(ProducerIdentity.HEADER, "teacher-service".getBytes(StandardCharsets.UTF_8));
        assertThat(ProducerIdentity.of(headers)).hasValue("teacher-service");
        assertThat(check.manifestRejection(headers)).isEmpty();
    }

    @Test
    void acceptsEverythingWhenTheCheckIsOff() {
        ProducerIdentity off = new ProducerIdentity(false, "teacher-service", "student-service");
        assertThat(off.required()).isFalse();
        assertThat(off.manifestRejection(from(null))).isEmpty();
        assertThat(off.checkpointRejection(ModelRole.TEACHER, from("student-service"))).isEmpty();
        off.requireManifest(from("anyone"));
        ConsumerRecord<String, byte[]> forged = new ConsumerRecord<>("kd.models", 0, 7, "k", null);
        assertThat(off.acceptsCheckpoint(ModelRole.TEACHER, forged)).isTrue();
    }

    @Test
    void handBuiltReadersSkipWhatTheCheckRefuses() {
        ConsumerRecord<String, byte[]> forged =
                new ConsumerRecord<>("kd.teacher-runs", 0, 3, "run-1", new byte[1]);
        assertThat(check.acceptsManifest(forged)).isFalse();
        forged.headers()
                .add(ProducerIdentity.HEADER, "teacher-service".getBytes(StandardCharsets.UTF_8));
        assertThat(check.acceptsManifest(forged)).isTrue();
        assertThat(check.acceptsCheckpoint(ModelRole.STUDENT, forged)).isFalse();
    }

    @Test
    void expectedIdentitiesMustNotBeBlank() {
        assertThatThrownBy(() -> new ProducerIdentity(true, " ", "student-service"))
                .hasMessageContaining("kd.security.teacher-identity is blank");
        assertThatThrownBy(() -> new ProducerIdentity(true, "teacher-service", ""))
                .hasMessageContaining("kd.security.student-identity is blank");
    }

    @Test
    void theInterceptorWritesItsIdentityOnceAndKeepsOtherHeaders() {
        try (ProducerIdentityInterceptor interceptor =
                new ProducerIdentityInterceptor("teacher-service")) {
            ProducerRecord<Object, Object> record =
                    new ProducerRecord<>(
                            "kd.models",
                            1,
                            42L,
                            "model-1",
                            new byte[] {1},
                            new RecordHeaders(
                                    new RecordHeader[] {
                                        new RecordHeader("trace", new byte[] {9}),
                                        new RecordHeader(
                                                ProducerIdentity.HEADER,
                                                "forged".getBytes(StandardCharsets.UTF_8))
                                    }));
            ProducerRecord<Object, Object> sent = interceptor.onSend(record);

            assertThat(sent.headers().headers(ProducerIdentity.HEADER)).hasSize(1);
            assertThat(ProducerIdentity.of(sent.headers())).hasValue("teacher-service");
            assertThat(sent.headers().lastHeader("trace").value()).containsExactly(9);
            assertThat(sent.topic()).isEqualTo("kd.models");
            assertThat(sent.partition()).isEqualTo(1);
            assertThat(sent.timestamp()).isEqualTo(42L);
            assertThat(sent.key()).isEqualTo("model-1");
            assertThat(sent.value()).isEqualTo(new byte[] {1});
            // the caller's record is left alone: it may be sent again after a failure
            assertThat(ProducerIdentity.of(record.headers())).hasValue("forged");
            assertThat(check.checkpointRejection(ModelRole.TEACHER, sent.headers())).isEmpty();
        }
    }
}
