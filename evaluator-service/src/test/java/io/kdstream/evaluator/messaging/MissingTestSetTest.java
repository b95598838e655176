package io.kdstream.evaluator.messaging;

import static io.kdstream.evaluator.messaging.CheckpointConsumer.MODELS_CHANNEL;
import static io.kdstream.evaluator.messaging.KafkaPublisher.EVALUATIONS_CHANNEL;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.kdstream.core.data.Mnist;
import io.kdstream.core.schema.Evaluation;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.evaluator.evaluation.TestSetGate;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The evaluator started with an empty data directory: a checkpoint waits for the MNIST test set
 * instead of being dead-lettered, readiness is DOWN meanwhile, and the checkpoint is evaluated once
 * the files are copied in.
 */
@QuarkusTest
@TestProfile(MissingTestSetTest.EmptyDataDir.class)
class MissingTestSetTest {

    @Inject @Any InMemoryConnector connector;
    @Inject TestSetGate gate;

    /**
     * The profile's directory, as the application sees it (the profile's class is loaded twice).
     */
    @ConfigProperty(name = "kd.data.dir")
    String dataDir;

    /** The data directory the build gives the tests, with the four MNIST files. */
    @ConfigProperty(name = EmptyDataDir.MNIST_SOURCE)
    String mnistSource;

    @Test
    void checkpointWaitsForTheTestSetAndIsEvaluatedWhenItArrives() throws IOException {
        InMemorySink<Record<String, Evaluation>> evaluations = connector.sink(EVALUATIONS_CHANNEL);
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        connector
                .source(MODELS_CHANNEL)
                .send(
                        Message.of(
                                        Records.checkpoint(
                                                "nodata-e1",
                                                ModelRole.TEACHER,
                                                "tutorial-teacher",
                                                "nodata",
                                                1,
                                                1,
                                                Records.untrainedParameters("tutorial-teacher")))
                                .withAck(
                                        () -> {
                                            acked.complete(null);
                                            return CompletableFuture.completedFuture(null);
                                        })
                                .withNack(
                                        t -> {
                                            nacked.complete(t);
                                            return CompletableFuture.completedFuture(null);
                                        }));

        // the checkpoint is held, not nacked (with Kafka, a nack is a dead letter)
        await().atMost(Duration.ofSeconds(60)).until(() -> gate.waitingSince().isPresent());
        assertThat(nacked).isNotDone();
        assertThat(acked).isNotDone();
        assertThat(evaluations.received()).isEmpty();
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body(
                        "checks.find { it.name == 'MNIST test set' }.data.error",
                        containsString("t10k-"))
                .body(
                        "checks.find { it.name == 'MNIST test set' }.data.error",
                        containsString("scripts/fetch-mnist.sh"))
                .body(
                        "checks.find { it.name == 'MNIST test set' }.data.checkpointsWaitingSince",
                        notNullValue());

        // the files arrive (each written aside and moved in, as a fetch would)
        for (String name : new String[] {"t10k-labels-idx1-ubyte", "t10k-images-idx3-ubyte"}) {
            Path part = dataDir().resolve(name + ".part");
            Files.copy(Path.of(mnistSource, name), part);
            Files.move(part, dataDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }

        await().atMost(Duration.ofSeconds(120)).until(acked::isDone);
        assertThat(nacked).isNotDone();
        assertThat(evaluations.received())
                .extracting(m -> m.getPayload().key())
                .containsExactly("nodata-e1");
        assertThat(gate.waitingSince()).isEmpty();
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    private Path dataDir() {
        return Path.of(dataDir);
    }

    /** An empty data directory, checked every second. */
    public static class EmptyDataDir implements QuarkusTestProfile {

        /**
         * The build's data directory, read before the overrides replace the system property
         * kd.data.dir with the empty one.
         */
        static final String MNIST_SOURCE = "test.mnist-source";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    MNIST_SOURCE,
                    Mnist.defaultDataDir().toAbsolutePath().toString(),
                    "kd.data.dir",
                    emptyDir().toString(),
                    "kd.evaluator.test-set-retry-seconds",
                    "1");
        }

        private static Path emptyDir() {
            try {
                Path dir = Files.createTempDirectory("kd-no-mnist");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
