package io.kdstream.broker;

import java.nio.file.Path;

/**
 * A stand-in for a test JVM, for {@link NoOrphanTest}: starts a broker, prints the broker's pid and
 * waits to be killed.
 */
public final class OrphanParentMain {

    static final String PID_PREFIX = "broker-pid=";

    private OrphanParentMain() {}

    public static void main(String[] args) throws InterruptedException {
        LocalBroker broker = LocalBroker.start(Path.of(args[0]), 0);
        System.out.println(PID_PREFIX + broker.pid());
        System.out.flush();
        // Stays up until the test kills this JVM with SIGKILL.
        Thread.sleep(Long.MAX_VALUE);
    }
}
