package io.kdstream.evaluator.messaging;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.messaging.TopicStartup;
import io.kdstream.evaluator.config.EvaluatorConfig;
import io.kdstream.evaluator.evaluation.ExperimentService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * At start, after the topics exist ({@link TopicStartup}) and before any channel connects: notes
 * how far the student-jobs topic goes, so that auto experiments wait for its replay.
 */
@ApplicationScoped
public class JobLogStart {

    private static final int TIMEOUT_SECONDS = 60;

    private final EvaluatorConfig config;
    private final ExperimentService experiments;
    private final KafkaClientConfig kafka;

    public JobLogStart(
            EvaluatorConfig config, ExperimentService experiments, KafkaClientConfig kafka) {
        this.config = config;
        this.experiments = experiments;
        this.kafka = kafka;
    }

    void onStart(@Observes @Priority(TopicStartup.PRIORITY + 1) StartupEvent event) {
        if (!config.topics().create()) {
            Log.info("kd.topics.create=false: the student-jobs topic is not inspected");
            return;
        }
        String prefix = config.topics().prefix();
        String jobsTopic = prefix + KdTopics.STUDENT_JOBS;
        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> ends = new HashMap<>();
        readOffsets(jobsTopic, starts, ends);
        experiments.expectJobLog(
                starts, ends, Duration.ofSeconds(config.evaluator().jobLogCatchUpSeconds()));
    }

    /** The admin client's settings: the shared ones, and a timeout. Package-private for tests. */
    static Properties adminProps(KafkaClientConfig kafka) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        return props;
    }

    private void readOffsets(String topic, Map<Integer, Long> starts, Map<Integer, Long> ends) {
        try (Admin admin = Admin.create(adminProps(kafka))) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(topic);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description
                    .partitions()
                    .forEach(
                            p -> {
                                earliest.put(
                                        new TopicPartition(topic, p.partition()),
                                        OffsetSpec.earliest());
                                latest.put(
                                        new TopicPartition(topic, p.partition()),
                                        OffsetSpec.latest());
                            });
            collect(admin.listOffsets(earliest), starts);
            collect(admin.listOffsets(latest), ends);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of " + topic + " at " + kafka.bootstrapServers(), e);
        }
    }

    private static void collect(ListOffsetsResult result, Map<Integer, Long> into)
            throws InterruptedException, ExecutionException, TimeoutException {
        result.all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> into.put(tp.partition(), info.offset()));
    }
}
