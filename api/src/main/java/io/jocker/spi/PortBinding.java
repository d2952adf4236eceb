package io.jocker.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * A container port published on the host.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param containerPort the port inside the container
 * @param hostIp the host address it is published on, a dotted quad; {@code 0.0.0.0} for all of them
 * @param hostPort the host port, 1 to 65535; 0 in a request means any free port (the engine
 *     chooses one before a driver sees it)
 */
public record PortBinding(String protocol, int containerPort, String hostIp, int hostPort) {

    public PortBinding {
        protocol = Objects.requireNonNull(protocol, "protocol").toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("unsupported protocol \"" + protocol + "\" (tcp or udp)");
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("invalid port " + containerPort + " (1 to 65535)");
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new IllegalArgumentException("invalid host port " + hostPort + " (1 to 65535)");
        }
        hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : Ipv4.parse(hostIp).toString();
    }

    /** The host address as an {@link Ipv4}. */
    public Ipv4 hostAddress() {
        return Ipv4.parse(hostIp);
    }
}
