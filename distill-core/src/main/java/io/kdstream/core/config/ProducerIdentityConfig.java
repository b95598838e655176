package io.kdstream.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who produced a checkpoint or a run manifest, {@code kd.security.*}: the same keys in every
 * service (see {@link io.kdstream.core.messaging.ProducerIdentity}).
 *
 * <p>A mapping of its own, so that distill-core's beans and its Kafka producer interceptor read it
 * without each service's root mapping having to hold it.
 */
@ConfigMapping(prefix = "kd.security")
public interface ProducerIdentityConfig {

    /**
     * This service's identity, written in the {@code kd-producer} header of the records it produces
     * (KD_SECURITY_PRODUCER_IDENTITY).
     */
    @WithDefault("${quarkus.application.name}")
    String producerIdentity();

    /**
     * Whether consumers accept checkpoints and run manifests only from the expected producer
     * (KD_SECURITY_REQUIRE_PRODUCER_IDENTITY). Off by default, so that logs written before the
     * header existed still replay; a deployment with per-service Kafka ACLs turns it on (without
     * ACLs anyone can write any header, and the check proves nothing).
     */
    @WithDefault("false")
    boolean requireProducerIdentity();

    /**
     * The identity a teacher checkpoint and a run manifest must carry
     * (KD_SECURITY_TEACHER_IDENTITY).
     */
    @WithDefault("teacher-service")
    String teacherIdentity();

    /** The identity a student checkpoint must carry (KD_SECURITY_STUDENT_IDENTITY). */
    @WithDefault("student-service")
    String studentIdentity();
}
