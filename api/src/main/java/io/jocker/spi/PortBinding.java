package io.jocker.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * A container port published on the host.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param containerPort the port inside the container
 * @param hostIp the host address it is published on; {@link Ipv4#ANY} for all of them
 * @param hostPort the host port, 1 to 65535
 */
public record PortBinding(String protocol, int containerPort, Ipv4 hostIp, int hostPort) {

    public PortBinding {
        protocol = Objects.requireNonNull(protocol, "protocol").toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("unsupported protocol \"" + protocol + "\" (tcp or udp)");
        }
        checkPort(containerPort);
        checkPort(hostPort);
        Objects.requireNonNull(hostIp, "hostIp");
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " (1 to 65535)");
        }
    }
}
