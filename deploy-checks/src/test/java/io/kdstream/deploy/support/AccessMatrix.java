package io.kdstream.deploy.support;

import io.kdstream.core.messaging.KdTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which service may do what on Kafka: the one matrix the secured compose ({@code
 * deploy/secure/acls.conf}) and the Strimzi {@code KafkaUser} resources must both grant.
 *
 * <p>Held here, in the tests, so that a deployment file cannot widen it on its own; {@code
 * ComposeTest#theAccessMatrixCoversEveryChannel} checks it against the services' channels. Topics
 * are named without the prefix ({@link KdTopics} constants).
 */
public final class AccessMatrix {

    /** One permission: a user may do an operation on a topic or group (literal or prefixed). */
    public record Acl(String user, String operation, String type, String name, String pattern) {

        /**
         * A canonical form for comparisons: lower case, e.g. {@code teacher-service write topic
         * models literal}.
         */
        public String key() {
            return String.join(" ", user, operation, type, name, pattern).toLowerCase(Locale.ROOT);
        }
    }

    /** The services' Kafka users: named after the service. */
    public static final List<String> USERS =
            List.of("teacher-service", "student-service", "evaluator-service");

    private AccessMatrix() {}

    /** The topics a service writes. */
    public static Set<String> writes(String service) {
        return switch (service) {
            case "teacher-service" ->
                    Set.of(
                            KdTopics.TEACHER_LOGITS,
                            KdTopics.TEACHER_RUNS,
                            KdTopics.MODELS,
                            KdTopics.TRAINING_PROGRESS);
            case "student-service" ->
                    Set.of(
                            KdTopics.MODELS,
                            KdTopics.TRAINING_PROGRESS,
                            KdTopics.JOB_STATES,
                            KdTopics.DEAD_LETTERS);
            case "evaluator-service" ->
                    Set.of(
                            KdTopics.STUDENT_JOBS,
                            KdTopics.EVALUATIONS,
                            KdTopics.COMPARISONS,
                            KdTopics.DEAD_LETTERS);
            default -> throw new IllegalArgumentException("no Kafka user for " + service);
        };
    }

    /** The topics a service reads (channels, and the groupless readers of distill-core). */
    public static Set<String> reads(String service) {
        return switch (service) {
            case "teacher-service" -> Set.of(KdTopics.MODELS, KdTopics.TEACHER_RUNS);
            case "student-service" ->
                    Set.of(
                            KdTopics.TEACHER_LOGITS,
                            KdTopics.TEACHER_RUNS,
                            KdTopics.MODELS,
                            KdTopics.STUDENT_JOBS);
            case "evaluator-service" ->
                    Set.of(
                            KdTopics.MODELS,
                            KdTopics.TEACHER_RUNS,
                            KdTopics.TRAINING_PROGRESS,
                            KdTopics.JOB_STATES,
                            KdTopics.EVALUATIONS,
                            KdTopics.STUDENT_JOBS,
                            KdTopics.DEAD_LETTERS,
                            KdTopics.COMPARISONS);
            default -> throw new IllegalArgumentException("no Kafka user for " + service);
        };
    }

    /** The group permissions: the workers' share group, the evaluator's uuid-suffixed groups. */
    public static List<Acl> groups() {
        return List.of(
                // KIP-932: a share-group member needs Read on the group.
                new Acl("student-service", "Read", "group", "student-service", "literal"),
                // ShareGroups.configure sets the group's settings (incrementalAlterConfigs).
                new Acl("student-service", "AlterConfigs", "group", "student-service", "literal"),
                // evaluator-service-<channel>-<uuid>: one group per channel and instance.
                new Acl("evaluator-service", "Read", "group", "evaluator-service-", "prefixed"),
                // The kd_consumer_lag gauge of the workers' share group (ShareGroupLag).
                new Acl("evaluator-service", "Describe", "group", "student-service", "literal"));
    }

    /** The whole matrix as ACLs, topics without prefix. */
    public static Set<String> keys() {
        List<Acl> acls = new ArrayList<>(groups());
        for (String user : USERS) {
            writes(user).forEach(t -> acls.add(new Acl(user, "Write", "topic", t, "literal")));
            reads(user).forEach(t -> acls.add(new Acl(user, "Read", "topic", t, "literal")));
        }
        Set<String> keys = new TreeSet<>();
        acls.forEach(a -> keys.add(a.key()));
        return keys;
    }

    /**
     * Reads a whitespace-separated ACL file ({@code user operation type name pattern}, {@code #}
     * comments), as deploy/secure/kafka-setup.sh does.
     *
     * @param file e.g. deploy/secure/acls.conf
     * @return its ACLs, in file order
     */
    public static List<Acl> readConf(Path file) {
        List<Acl> out = new ArrayList<>();
        for (String line : Repo.read(file).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length != 5) {
                throw new AssertionError(file + ": expected 5 fields in '" + l + "'");
            }
            out.add(new Acl(f[0], f[1], f[2], f[3], f[4]));
        }
        return out;
    }
}
