package io.kdstream.student.messaging;

import io.kdstream.core.data.TransferSelection;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.core.run.RunManifest;
import io.kdstream.student.config.StudentConfig;
import io.kdstream.student.metrics.StudentMetrics;
import io.kdstream.student.training.LogitReplay;
import io.kdstream.student.training.LogitReplays;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/** Opens {@link TeacherLogitReplay}s on the logits topic named by each run's manifest. */
@ApplicationScoped
public class KafkaLogitReplays implements LogitReplays {

    private final TopicReader reader;
    private final StudentPublisher publisher;
    private final StudentMetrics metrics;
    private final String defaultTopic;
    private final int shuffleBufferBatches;
    private final long replayCacheBytes;

    KafkaLogitReplays(
            TopicReader reader,
            StudentPublisher publisher,
            StudentConfig config,
            StudentMetrics metrics) {
        this.metrics = metrics;
        this.reader = reader;
        this.publisher = publisher;
        this.defaultTopic = config.topics().prefix() + KdTopics.TEACHER_LOGITS;
        this.shuffleBufferBatches = config.student().shuffleBufferBatches();
        this.replayCacheBytes = (long) config.student().replayCacheMb() << 20;
    }

    @Override
    public LogitReplay open(
            RunManifest run, JobSpec job, int classes, BooleanSupplier stopRequested) {
        String topic =
                run.logitsTopic() == null || run.logitsTopic().isBlank()
                        ? defaultTopic
                        : run.logitsTopic();
        int segmentRecords = Math.max(1, shuffleBufferBatches);
        long recordBytes =
                (long) Math.max(1, run.batchSize()) * TeacherLogitReplay.bytesPerImage(classes);
        return new TeacherLogitReplay(
                reader.newSegmentConsumer("replay-" + job.jobId(), segmentRecords * recordBytes),
                run,
                topic,
                classes,
                job.batchSize(),
                job.seed(),
                segmentRecords,
                Mode.parse(job.lossMode()) != Mode.NONE,
                TransferSelection.of(job.transferSet(), run.sampleCount(), job.seed()),
                stopRequested,
                publisher,
                reader.timeout(),
                replayCacheBytes,
                metrics);
    }
}
