package io.kdstream.e2e;

import static io.kdstream.core.messaging.KdTopics.COMPARISONS;
import static io.kdstream.core.messaging.KdTopics.DEAD_LETTERS;
import static io.kdstream.core.messaging.KdTopics.EVALUATIONS;
import static io.kdstream.core.messaging.KdTopics.JOB_STATES;
import static io.kdstream.core.messaging.KdTopics.MODELS;
import static io.kdstream.core.messaging.KdTopics.STUDENT_JOBS;
import static io.kdstream.core.messaging.KdTopics.TEACHER_LOGITS;
import static io.kdstream.core.messaging.KdTopics.TEACHER_RUNS;
import static io.kdstream.core.messaging.KdTopics.TRAINING_PROGRESS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a secured broker: the one place of kd-stream's access matrix, which the
 * Strimzi {@code KafkaUser} resources and docs/security.md mirror.
 *
 * <p>Each service may write only the topics it produces and read only those it consumes. Topics are
 * created by the administrator and the services run with {@code kd.topics.create=false}, so no
 * service has Create, Alter or DescribeConfigs on a topic, and none may change ACLs. Read and Write
 * imply Describe, which covers the hand-built clients' look-ups (partitions, offsets, lag).
 *
 * @param user the SCRAM user, principal {@code User:<user>}
 * @param writes the topics (without prefix) it produces to
 * @param reads the topics it consumes (SmallRye channels, {@code TopicReader}, the share consumer)
 * @param groups consumer or share groups it joins (Read, literal names)
 * @param groupPrefixes prefixes of consumer groups it joins (Read, prefixed: the evaluator's group
 *     ids carry a uuid)
 * @param describedGroups groups whose offsets it only looks at (Describe: lag gauges)
 * @param configuredGroups groups whose settings it sets at start (AlterConfigs: the share group's
 *     earliest start, lock and delivery limit)
 */
record TopicAcls(
        String user,
        List<String> writes,
        List<String> reads,
        List<String> groups,
        List<String> groupPrefixes,
        List<String> describedGroups,
        List<String> configuredGroups) {

    /** The student workers' share group ({@code quarkus.application.name} of student-service). */
    static final String STUDENT_GROUP = "student-service";

    static final TopicAcls TEACHER =
            new TopicAcls(
                    "teacher-service",
                    List.of(TEACHER_LOGITS, TEACHER_RUNS, MODELS, TRAINING_PROGRESS),
                    // restart: its own runs and published checkpoints (TopicReader, no group)
                    List.of(TEACHER_RUNS, MODELS),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of());

    static final TopicAcls STUDENT =
            new TopicAcls(
                    "student-service",
                    List.of(MODELS, TRAINING_PROGRESS, JOB_STATES, DEAD_LETTERS),
                    List.of(TEACHER_LOGITS, TEACHER_RUNS, MODELS, STUDENT_JOBS),
                    List.of(STUDENT_GROUP),
                    List.of(),
                    List.of(),
                    List.of(STUDENT_GROUP));

    static final TopicAcls EVALUATOR =
            new TopicAcls(
                    "evaluator-service",
                    // dead letters: SmallRye's dead-letter queue of its incoming channels
                    List.of(STUDENT_JOBS, EVALUATIONS, COMPARISONS, DEAD_LETTERS),
                    List.of(
                            MODELS,
                            TEACHER_RUNS,
                            TRAINING_PROGRESS,
                            JOB_STATES,
                            EVALUATIONS,
                            STUDENT_JOBS,
                            // read back at start (PublishedLogStart): its own dead letters, so a
                            // restart skips them, and the last comparison of each experiment
                            DEAD_LETTERS,
                            COMPARISONS),
                    List.of(),
                    List.of("evaluator-service-"),
                    // the student-jobs backlog gauge reads the workers' share group offsets
                    List.of(STUDENT_GROUP),
                    List.of());

    /** Every service's row. */
    static final List<TopicAcls> ALL = List.of(TEACHER, STUDENT, EVALUATOR);

    String principal() {
        return "User:" + user;
    }

    /** This row as ACL bindings, with topic names under {@code prefix} (e.g. {@code kd.}). */
    List<AclBinding> bindings(String prefix) {
        List<AclBinding> acls = new ArrayList<>();
        writes.forEach(
                t ->
                        acls.add(
                                allow(
                                        ResourceType.TOPIC,
                                        prefix + t,
                                        PatternType.LITERAL,
                                        AclOperation.WRITE)));
        reads.forEach(
                t ->
                        acls.add(
                                allow(
                                        ResourceType.TOPIC,
                                        prefix + t,
                                        PatternType.LITERAL,
                                        AclOperation.READ)));
        groups.forEach(
                g ->
                        acls.add(
                                allow(
                                        ResourceType.GROUP,
                                        g,
                                        PatternType.LITERAL,
                                        AclOperation.READ)));
        groupPrefixes.forEach(
                g ->
                        acls.add(
                                allow(
                                        ResourceType.GROUP,
                                        g,
                                        PatternType.PREFIXED,
                                        AclOperation.READ)));
        describedGroups.forEach(
                g ->
                        acls.add(
                                allow(
                                        ResourceType.GROUP,
                                        g,
                                        PatternType.LITERAL,
                                        AclOperation.DESCRIBE)));
        configuredGroups.forEach(
                g ->
                        acls.add(
                                allow(
                                        ResourceType.GROUP,
                                        g,
                                        PatternType.LITERAL,
                                        AclOperation.ALTER_CONFIGS)));
        return acls;
    }

    /**
     * Creates every row's ACLs, as the super user.
     *
     * @param admin a client of the super user
     * @param prefix the topic prefix
     */
    static void createAll(Admin admin, String prefix)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<AclBinding> acls = new ArrayList<>();
        ALL.forEach(row -> acls.addAll(row.bindings(prefix)));
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }

    private AclBinding allow(
            ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
