package io.kdstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that a broker never outlives the JVM that started it, even when that JVM gets {@code kill
 * -9} and so runs no shutdown hook.
 *
 * <p>Plain JUnit: the parent JVM is {@link OrphanParentMain}, started as a separate process.
 */
class NoOrphanTest {

    @TempDir Path dataDir;

    @Test
    void brokerExitsWhenItsParentIsKilled() throws Exception {
        // A parent JVM that starts a broker and reports the broker's pid.
        Process parent =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                codeSource(OrphanParentMain.class)
                                        + File.pathSeparator
                                        + codeSource(LocalBroker.class),
                                OrphanParentMain.class.getName(),
                                dataDir.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        long brokerPid = -1;
        try {
            brokerPid = readBrokerPid(parent);
            ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();
            assertThat(broker.isAlive()).isTrue();
            assertThat(broker.parent().map(ProcessHandle::pid)).contains(parent.pid());
            System.out.printf(
                    "broker pid %d (RSS %s) started by parent pid %d%n",
                    brokerPid, LocalBrokerTest.rss(brokerPid), parent.pid());

            // SIGKILL the parent: no shutdown hook runs, only the closed stdin pipe is left.
            long killedAt = System.nanoTime();
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(parent.isAlive()).isFalse();

            // The broker notices and exits on its own.
            try {
                broker.onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("broker pid " + brokerPid + " still alive 20 s after its parent was killed");
            }
            System.out.printf(
                    "broker exited %d ms after its parent was killed%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(Optional.of(true));
        } finally {
            parent.destroyForcibly();
            if (brokerPid > 0) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long readBrokerPid(Process parent) throws Exception {
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Long> pid =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                for (String line = out.readLine();
                                        line != null;
                                        line = out.readLine()) {
                                    if (line.startsWith(OrphanParentMain.PID_PREFIX)) {
                                        return Long.parseLong(
                                                line.substring(
                                                        OrphanParentMain.PID_PREFIX.length()));
                                    }
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            throw new IllegalStateException(
                                    "parent JVM exited without starting a broker");
                        });
        // LocalBroker's own start timeout is 60 s.
        return pid.get(90, TimeUnit.SECONDS);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
