package io.kdstream.broker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks that every use of the test resource in one JVM gets the same running broker.
 *
 * <p>Plain JUnit: Quarkus only calls start() and stop(), which is what this test does too.
 */
class LocalKafkaTestResourceTest {

    @Test
    void sharesOneBrokerAcrossTestClasses() throws Exception {
        // Two test classes in a row, each with its own resource instance.
        LocalKafkaTestResource first = new LocalKafkaTestResource();
        Map<String, String> firstConfig = first.start();
        first.stop();
        Map<String, String> secondConfig = new LocalKafkaTestResource().start();

        assertThat(firstConfig).containsOnlyKeys(LocalKafkaTestResource.BOOTSTRAP_SERVERS);
        assertThat(secondConfig).isEqualTo(firstConfig);

        // stop() left the broker running for the next class.
        String[] hostPort = firstConfig.get(LocalKafkaTestResource.BOOTSTRAP_SERVERS).split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            assertThat(socket.isConnected()).isTrue();
        }
    }
}
