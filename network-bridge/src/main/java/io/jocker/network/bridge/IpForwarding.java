package io.jocker.network.bridge;

import io.jocker.spi.NetworkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code net.ipv4.ip_forward}: switched on when a network with outbound traffic is created and
 * it is off, never switched off again (other software may rely on it by then, as Docker leaves
 * it), and remembered by a marker file so that {@code info} can say who switched it on.
 */
final class IpForwarding {

    private final Path sysctl;
    private final Path marker;

    IpForwarding(Path proc, Path home) {
        this.sysctl = proc.resolve("sys/net/ipv4/ip_forward");
        this.marker = home.resolve("ip_forward-enabled");
    }

    boolean enabled() {
        try {
            return Files.readString(sysctl).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    void enable() throws NetworkException {
        if (enabled()) {
            return;
        }
        try {
            Files.writeString(marker, "");
            Files.writeString(sysctl, "1");
        } catch (IOException e) {
            throw new NetworkException("cannot enable IPv4 forwarding (" + sysctl + "): " + e.getMessage(), e);
        }
    }

    /** As {@code info} shows it. */
    String describe() {
        if (!enabled()) {
            return "disabled (a network with outbound traffic enables it)";
        }
        return Files.exists(marker) ? "enabled (by jocker)" : "enabled";
    }
}
