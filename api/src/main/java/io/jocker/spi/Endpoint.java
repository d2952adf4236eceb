package io.jocker.spi;

import java.util.List;
import java.util.Objects;

/**
 * One container's attachment to one network.
 *
 * @param containerId the container's 64-hex-digit id
 * @param interfaceName the interface's name inside the container ({@code eth0}, {@code eth1}, ...)
 * @param address the container's address on the network
 * @param macAddress its MAC address, {@code 02:42:...} style, lower case
 * @param ports the container's published ports on this network
 */
public record Endpoint(String containerId, String interfaceName, Ipv4 address, String macAddress, List<PortBinding> ports) {

    public Endpoint {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(macAddress, "macAddress");
        ports = List.copyOf(ports);
    }
}
