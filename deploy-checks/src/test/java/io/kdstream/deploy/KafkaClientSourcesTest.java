package io.kdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.deploy.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client that main code builds by hand takes its broker and TLS/SASL settings from
 * distill-core's {@code KafkaClientConfig}, the same {@code kafka.}-prefixed keys SmallRye hands to
 * the channels. A client started from a bare {@code bootstrap.servers} would stay PLAINTEXT when a
 * deployment turns on {@code kafka.security.protocol}, and no in-memory test would notice.
 *
 * <p>Plain JUnit on the sources. local-broker is left out: it is the PLAINTEXT broker for dev and
 * tests, and its clients talk to nothing else.
 */
class KafkaClientSourcesTest {

    /** Modules whose main code is not a service's or distill-core's. */
    private static final Set<String> EXEMPT = Set.of("local-broker", "deploy-checks");

    /** Starts a Kafka client. */
    private static final Pattern BUILDS_CLIENT =
            Pattern.compile("Admin(Client)?\\.create\\(|new Kafka(Share)?(Consumer|Producer)<");

    /** Sets or reads the broker's address on its own. */
    private static final Pattern OWN_ADDRESS =
            Pattern.compile(
                    "BOOTSTRAP_SERVERS_CONFIG|\"bootstrap\\.servers\""
                            + "|@ConfigProperty\\(name = \"kafka\\.");

    @Test
    void handBuiltClientsTakeTheSharedSettings() {
        List<Path> sources = mainSources();
        assertThat(sources).isNotEmpty();
        List<String> builders =
                sources.stream()
                        .filter(f -> BUILDS_CLIENT.matcher(Repo.read(f)).find())
                        .map(KafkaClientSourcesTest::name)
                        .toList();
        // the list this check guards; if it is empty, the pattern no longer finds anything
        assertThat(builders)
                .contains(
                        "TopicProvisioner.java",
                        "TopicReader.java",
                        "ShareGroupLag.java",
                        "TopicDump.java",
                        "ShareGroups.java",
                        "JobLogStart.java");
        assertThat(
                        sources.stream()
                                .filter(f -> BUILDS_CLIENT.matcher(Repo.read(f)).find())
                                .filter(f -> !Repo.read(f).contains("KafkaClientConfig"))
                                .map(Path::toString))
                .as("files that build a Kafka client without KafkaClientConfig")
                .isEmpty();
        assertThat(
                        sources.stream()
                                .filter(f -> !name(f).equals("KafkaClientConfig.java"))
                                .filter(f -> OWN_ADDRESS.matcher(Repo.read(f)).find())
                                .map(Path::toString))
                .as("files that set bootstrap.servers or read a kafka. key themselves")
                .isEmpty();
    }

    private static List<Path> mainSources() {
        return Repo.modules().stream()
                .filter(m -> !EXEMPT.contains(m))
                .map(m -> Repo.root().resolve(m).resolve("src/main/java"))
                .filter(Files::isDirectory)
                .flatMap(KafkaClientSourcesTest::javaFiles)
                .toList();
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
