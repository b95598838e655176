package io.kdstream.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * One service's rows of kd-stream's access matrix, read from {@code deploy/secure/acls.conf}: the
 * file the secured compose grants (deploy/secure/kafka-setup.sh) and deploy-checks compares with
 * the Strimzi {@code KafkaUser} resources. Reading it here means the end-to-end test runs the
 * services under exactly the ACLs a deployment gives them, not a copy that could drift.
 *
 * <p>Each service may write only the topics it produces and read only those it consumes. Topics are
 * created by the administrator and the services run with {@code kd.topics.create=false}, so no
 * service has Create, Alter or DescribeConfigs on a topic, and none may change ACLs.
 *
 * @param user the SCRAM user, principal {@code User:<user>}
 * @param rules its lines of the file, in order
 */
record TopicAcls(String user, List<Rule> rules) {

    /** The file, relative to the repository root. */
    static final String FILE = "deploy/secure/acls.conf";

    /**
     * One line: {@code operation type name pattern}, e.g. {@code Write topic models literal}; topic
     * names are without the prefix.
     */
    record Rule(AclOperation operation, ResourceType type, String name, PatternType pattern) {}

    /** Every service's rows, from the repository this test runs in. */
    static final List<TopicAcls> ALL =
            all(Path.of(System.getProperty("kd.repo.root", "..")).toAbsolutePath().normalize());

    /** The student workers' row. */
    static final TopicAcls STUDENT = of(ALL, "student-service");

    /** Every service's rows, in the file's order. */
    static List<TopicAcls> all(Path root) {
        Path file = root.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the access matrix " + file, e);
        }
        Map<String, List<Rule>> byUser = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                throw new IllegalArgumentException(
                        file
                                + ":"
                                + (i + 1)
                                + ": expected 'user operation type name pattern': "
                                + line);
            }
            // kafka-acls.sh spells operations in camel case (AlterConfigs), the enum ALTER_CONFIGS
            AclOperation operation =
                    AclOperation.fromString(f[1].replaceAll("([a-z])([A-Z])", "$1_$2"));
            ResourceType type = ResourceType.fromString(f[2]);
            PatternType pattern = PatternType.fromString(f[4].toUpperCase(Locale.ROOT));
            if (operation == AclOperation.UNKNOWN
                    || type == ResourceType.UNKNOWN
                    || pattern == PatternType.UNKNOWN) {
                throw new IllegalArgumentException(
                        file + ":" + (i + 1) + ": unknown operation, type or pattern: " + line);
            }
            byUser.computeIfAbsent(f[0], u -> new ArrayList<>())
                    .add(new Rule(operation, type, f[3], pattern));
        }
        return byUser.entrySet().stream()
                .map(e -> new TopicAcls(e.getKey(), e.getValue()))
                .toList();
    }

    /** The row of one user. */
    static TopicAcls of(List<TopicAcls> all, String user) {
        return all.stream()
                .filter(row -> row.user.equals(user))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(FILE + " has no rows for " + user));
    }

    String principal() {
        return "User:" + user;
    }

    /** The topics (without prefix) this user may write. */
    List<String> writes() {
        return rules.stream()
                .filter(r -> r.type == ResourceType.TOPIC && r.operation == AclOperation.WRITE)
                .map(Rule::name)
                .toList();
    }

    /** This row as ACL bindings, with topic names under {@code prefix} (e.g. {@code kd.}). */
    List<AclBinding> bindings(String prefix) {
        return rules.stream()
                .map(
                        r ->
                                new AclBinding(
                                        new ResourcePattern(
                                                r.type,
                                                r.type == ResourceType.TOPIC
                                                        ? prefix + r.name
                                                        : r.name,
                                                r.pattern),
                                        new AccessControlEntry(
                                                principal(),
                                                "*",
                                                r.operation,
                                                AclPermissionType.ALLOW)))
                .toList();
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
}
