package io.kdstream.core.messaging;

import io.kdstream.core.config.ProducerIdentityConfig;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Writes this service's identity ({@code kd.security.producer-identity}) in the {@link
 * ProducerIdentity#HEADER} header of every record a producer sends.
 *
 * <p>A Kafka interceptor rather than code in each publisher, so that no send path can forget it: a
 * channel names it with {@code mp.messaging.outgoing.<channel>.interceptor.classes}. It must not be
 * set under the global {@code kafka.} prefix, which consumers read too, and a consumer refuses a
 * producer interceptor.
 *
 * <p>A header already on the record is replaced: the record is this service's now, whatever it
 * forwards.
 */
public final class ProducerIdentityInterceptor implements ProducerInterceptor<Object, Object> {

    private byte[] identity;

    /** Kafka's constructor; {@link #configure} reads the identity from the service's config. */
    public ProducerIdentityInterceptor() {}

    /** For tests: an interceptor with a fixed identity. */
    ProducerIdentityInterceptor(String identity) {
        this.identity = identity.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (identity != null) {
            return;
        }
        String name =
                ConfigProvider.getConfig()
                        .unwrap(SmallRyeConfig.class)
                        .getConfigMapping(ProducerIdentityConfig.class)
                        .producerIdentity();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "kd.security.producer-identity is blank: set it (KD_SECURITY_PRODUCER_IDENTITY)"
                            + " to this service's name, or leave it unset for"
                            + " quarkus.application.name");
        }
        identity = name.trim().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        // a copy: the record's own headers turn read-only once sent, and a retried send would fail
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(ProducerIdentity.HEADER);
        headers.add(ProducerIdentity.HEADER, identity);
        return new ProducerRecord<>(
                record.topic(),
                record.partition(),
                record.timestamp(),
                record.key(),
                record.value(),
                headers);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}
}
