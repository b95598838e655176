package io.kdstream.faults;

import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.model.ArchitectureRegistry;
import io.kdstream.core.run.OffsetRange;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherRunMapper;
import io.kdstream.core.schema.RunStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Well-formed records a scenario writes itself, with the codecs the services use. */
final class Records {

    static final String PREFIX = "kd.";

    private Records() {}

    /**
     * Writes the manifest of a COMPLETE run whose logits were never streamed: enough for the
     * evaluator to accept experiments that name it, not for a worker to train from it.
     */
    static void completeRun(TopicRecords topics, String runId) {
        RunManifest run =
                new RunManifest(
                        runId,
                        ArchitectureRegistry.TUTORIAL_TEACHER,
                        runId + "-teacher",
                        "fault-suite",
                        128,
                        128,
                        1,
                        RunStatus.COMPLETE,
                        PREFIX + KdTopics.TEACHER_LOGITS,
                        List.of(new OffsetRange(0, 0, 1)),
                        0.99,
                        null,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        null);
        try (TeacherRunSerializer s = new TeacherRunSerializer()) {
            topics.send(
                    PREFIX + KdTopics.TEACHER_RUNS,
                    null,
                    runId,
                    s.serialize(PREFIX + KdTopics.TEACHER_RUNS, TeacherRunMapper.toAvro(run)));
        }
    }
}
