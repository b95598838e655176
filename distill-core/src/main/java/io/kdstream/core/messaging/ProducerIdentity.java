package io.kdstream.core.messaging;

import io.kdstream.core.config.ProducerIdentityConfig;
import io.kdstream.core.schema.ModelRole;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which service produced a record, and whether a consumer accepts it from that service.
 *
 * <p>Every record a service writes to the models and teacher-runs topics carries its identity in
 * the header {@value #HEADER} (UTF-8), set by {@link ProducerIdentityInterceptor}. With {@code
 * kd.security.require-producer-identity=true} a consumer accepts a run manifest and a TEACHER
 * checkpoint only with the teacher's identity, and a STUDENT checkpoint only with the student's.
 *
 * <p>The header is only as trustworthy as the topic's ACLs: any client that may write a topic may
 * write any header. On teacher-runs only the teacher principal may write, so a manifest that passes
 * came from the teacher; the models topic is written by the teacher and the student, so a stolen
 * student credential can still write a record with the teacher's header. Without ACLs the check
 * proves nothing, which is why it is off by default.
 */
public final class ProducerIdentity {

    /** The header that names the producing service. */
    public static final String HEADER = "kd-producer";

    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdentity.class);

    /** The key that turns the check on, for messages. */
    static final String REQUIRE_KEY = "kd.security.require-producer-identity";

    private final boolean required;
    private final String teacher;
    private final String student;

    /**
     * Creates the check.
     *
     * @param required whether records are checked at all
     * @param teacher the identity of the teacher service
     * @param student the identity of the student service
     */
    public ProducerIdentity(boolean required, String teacher, String student) {
        this.required = required;
        this.teacher = nonBlank(teacher, "kd.security.teacher-identity");
        this.student = nonBlank(student, "kd.security.student-identity");
    }

    /**
     * Creates the check a service's configuration asks for.
     *
     * @param config the {@code kd.security.*} keys
     * @return the check
     */
    public static ProducerIdentity from(ProducerIdentityConfig config) {
        return new ProducerIdentity(
                config.requireProducerIdentity(),
                config.teacherIdentity(),
                config.studentIdentity());
    }

    /**
     * Returns whether records are checked at all.
     *
     * @return the value of {@code kd.security.require-producer-identity}
     */
    public boolean required() {
        return required;
    }

    /**
     * Returns the identity a record carries.
     *
     * @param headers the record's headers
     * @return the last {@value #HEADER} header's value, if there is one
     */
    public static Optional<String> of(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(HEADER);
        return h == null || h.value() == null
                ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    /**
     * Checks a run manifest (or a tombstone on the teacher-runs topic): only the teacher writes
     * them.
     *
     * @param headers the record's headers
     * @return why the record is refused; empty if it is accepted
     */
    public Optional<String> manifestRejection(Headers headers) {
        return rejection("a run manifest", teacher, headers);
    }

    /**
     * Checks a checkpoint of the models topic by the role it records.
     *
     * @param role TEACHER or STUDENT
     * @param headers the record's headers
     * @return why the record is refused; empty if it is accepted
     */
    public Optional<String> checkpointRejection(ModelRole role, Headers headers) {
        return rejection(
                "a " + role + " checkpoint",
                role == ModelRole.TEACHER ? teacher : student,
                headers);
    }

    /**
     * Checks a checkpoint as {@link #checkpointRejection} does, for a consumer that acts on the
     * decoded record: it throws instead.
     *
     * @param role TEACHER or STUDENT
     * @param headers the record's headers
     * @throws IllegalArgumentException with the reason, if the record is refused
     */
    public void requireCheckpoint(ModelRole role, Headers headers) {
        checkpointRejection(role, headers)
                .ifPresent(
                        reason -> {
                            throw new IllegalArgumentException(reason);
                        });
    }

    /**
     * Checks a run manifest as {@link #manifestRejection} does, for a consumer that acts on the
     * decoded record: it throws instead.
     *
     * @param headers the record's headers
     * @throws IllegalArgumentException with the reason, if the record is refused
     */
    public void requireManifest(Headers headers) {
        manifestRejection(headers)
                .ifPresent(
                        reason -> {
                            throw new IllegalArgumentException(reason);
                        });
    }

    /**
     * For a reader built by hand, which skips what it refuses: whether a record of the teacher-runs
     * topic is accepted; a refused one is logged at WARN with where it is.
     *
     * @param record the record
     * @return whether to use it
     */
    public boolean acceptsManifest(ConsumerRecord<?, ?> record) {
        return accepted(record, manifestRejection(record.headers()));
    }

    /**
     * For a reader built by hand, which skips what it refuses: whether a checkpoint of the given
     * role is accepted; a refused one is logged at WARN with where it is.
     *
     * @param role the role the reader expects, or the one the record holds
     * @param record the record
     * @return whether to use it
     */
    public boolean acceptsCheckpoint(ModelRole role, ConsumerRecord<?, ?> record) {
        return accepted(record, checkpointRejection(role, record.headers()));
    }

    private static boolean accepted(ConsumerRecord<?, ?> record, Optional<String> rejection) {
        rejection.ifPresent(
                reason ->
                        LOG.warn(
                                "Skipped {}-{}@{} (key {}): {}",
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                record.key(),
                                reason));
        return rejection.isEmpty();
    }

    private Optional<String> rejection(String what, String expected, Headers headers) {
        if (!required) {
            return Optional.empty();
        }
        Optional<String> found = of(headers);
        if (found.isPresent() && found.get().equals(expected)) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        "%s must come from '%s' (%s=true), but its %s header is %s",
                        what,
                        expected,
                        REQUIRE_KEY,
                        HEADER,
                        found.map(f -> "'" + f + "'").orElse("missing")));
    }

    private static String nonBlank(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    key
                            + " is blank: set it to the service name the producer writes in its "
                            + HEADER
                            + " header, or leave it unset for the default");
        }
        return value.trim();
    }
}
