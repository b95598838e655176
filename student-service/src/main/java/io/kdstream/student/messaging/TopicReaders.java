package io.kdstream.student.messaging;

import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.TopicReader;
import io.kdstream.student.config.StudentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Makes the worker's {@link TopicReader} from its configuration ({@code
 * kd.student.read-timeout-seconds}).
 */
@ApplicationScoped
class TopicReaders {

    @Produces
    @Singleton
    TopicReader topicReader(KafkaClientConfig kafka, StudentConfig config) {
        return new TopicReader(
                kafka,
                "student-service",
                Duration.ofSeconds(config.student().readTimeoutSeconds()));
    }
}
