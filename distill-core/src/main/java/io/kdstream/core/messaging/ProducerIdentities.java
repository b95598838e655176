package io.kdstream.core.messaging;

import io.kdstream.core.config.ProducerIdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes a service's {@link ProducerIdentity} check from its configuration, once, for every consumer
 * of checkpoints and run manifests. Discovered in distill-core's index, as {@link
 * KafkaClientConfigs} is.
 */
@ApplicationScoped
public class ProducerIdentities {

    @Produces
    @Singleton
    ProducerIdentity producerIdentity(ProducerIdentityConfig config) {
        return ProducerIdentity.from(config);
    }
}
