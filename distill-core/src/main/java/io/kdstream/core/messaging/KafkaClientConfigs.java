package io.kdstream.core.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Makes a service's {@link KafkaClientConfig} from its configuration, once, for every bean that
 * builds a Kafka client by hand.
 *
 * <p>One bean for all three services: each indexes distill-core ({@code
 * quarkus.index-dependency.core.*}), so Quarkus discovers it there, as it does {@link
 * TopicStartup}.
 */
@ApplicationScoped
public class KafkaClientConfigs {

    @Produces
    @Singleton
    KafkaClientConfig kafkaClientConfig(Config config) {
        return KafkaClientConfig.from(config);
    }
}
