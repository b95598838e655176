package io.kdstream.teacher;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicProvisioner;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TeacherRun;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Leaves what a teacher killed mid-stream leaves: a run whose last manifest is STREAMING, on the
 * shared broker, before the teacher under test starts.
 */
public class AbandonedRunResource implements QuarkusTestResourceLifecycleManager {

    /** The run an earlier teacher left STREAMING. */
    public static final String RUN_ID = "run-left-streaming";

    @Override
    public Map<String, String> start() {
        String servers = LocalKafkaTestResource.sharedBootstrapServers();
        TopicProvisioner.ensure(KafkaClientConfig.of(servers), KdTopics.all("kd."), 60);
        TeacherRun streaming =
                TeacherRun.newBuilder()
                        .setRunId(RUN_ID)
                        .setArchitecture("tutorial-teacher")
                        .setTeacherModelId("teacher-earlier-e3")
                        .setDatasetFingerprint("fingerprint")
                        .setSampleCount(1000)
                        .setBatchSize(128)
                        .setBatchCount(8)
                        .setStatus(RunStatus.STREAMING)
                        .setLogitsTopic("kd.teacher-logits")
                        .setOffsets(List.of())
                        .setTeacherTestAccuracy(null)
                        .setReason(null)
                        .setUpdatedAt(Instant.now())
                        .build();
        try (TopicRecords records = new TopicRecords(servers);
                TeacherRunSerializer serializer = new TeacherRunSerializer()) {
            records.send("kd.teacher-runs", null, RUN_ID, streaming, serializer);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // the shared broker outlives the test
    }
}
