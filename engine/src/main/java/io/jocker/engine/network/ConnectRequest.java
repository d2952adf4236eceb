package io.jocker.engine.network;

import io.jocker.spi.PortBinding;
import java.util.List;

/**
 * A container's request to join a network as it starts.
 *
 * @param containerId the container
 * @param containerName its name (resolvable on user-defined networks)
 * @param network the network's name or id
 * @param interfaceName the interface inside the container ({@code eth0}, ...)
 * @param address {@code --ip}, or null for any free address
 * @param macAddress {@code --mac-address}, or null for one derived from the address, as Docker derives it
 * @param aliases {@code --network-alias}
 * @param ports the ports to publish; a host port of 0 takes a free one
 */
public record ConnectRequest(String containerId, String containerName, String network, String interfaceName, String address,
        String macAddress, List<String> aliases, List<PortBinding> ports) {

    public ConnectRequest {
        aliases = List.copyOf(aliases);
        ports = List.copyOf(ports);
    }
}
