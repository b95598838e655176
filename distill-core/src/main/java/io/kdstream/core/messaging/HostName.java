package io.kdstream.core.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name progress records give the machine or pod doing the work. */
public final class HostName {

    private HostName() {}

    /**
     * Returns this host's name: {@code HOSTNAME} (a pod's name on Kubernetes, a container id under
     * Compose), else what the resolver says, else the fallback.
     *
     * @param fallback the name when neither answers, such as the service's name
     * @return the name
     */
    public static String of(String fallback) {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
