package io.kdstream.student.messaging;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.domain.RunManifest;
import io.kdstream.student.training.LogitReplay;
import io.kdstream.student.training.LogitReplays;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/** Opens {@link TeacherLogitReplay}s on the logits topic named by each run's manifest. */
@ApplicationScoped
public class KafkaLogitReplays implements LogitReplays {

    private final TopicReader reader;
    private final StudentPublisher publisher;
    private final String defaultTopic;
    private final int shuffleBufferBatches;

    KafkaLogitReplays(
            TopicReader reader,
            StudentPublisher publisher,
            StudentConfig config) {
        this.reader = reader;
        this.publisher = publisher;
        this.defaultTopic = config.topics().prefix() + KdTopics.TEACHER_LOGITS;
        this.shuffleBufferBatches = config.student().shuffleBufferBatches();
    }

    @Override
    public LogitReplay open(
            RunManifest run, JobSpec job, int classes, BooleanSupplier stopRequested) {
        String topic =
                run.logitsTopic() == null || run.logitsTopic().isBlank()
                        ? defaultTopic
                        : run.logitsTopic();
        return new TeacherLogitReplay(
                reader.newConsumer("replay-" + job.jobId()),
                run,
                topic,
                classes,
                job.batchSize(),
                job.seed(),
                shuffleBufferBatches,
                Mode.parse(job.lossMode()) != Mode.NONE,
                stopRequested,
                publisher,
                reader.timeout());
    }
}
