package io.jocker.engine.network;

import io.jocker.spi.Endpoint;
import io.jocker.spi.Ipv4;
import io.jocker.spi.PortBinding;
import java.util.List;

/**
 * A running container's place on a network: its address (the IPAM's allocation) and the
 * process whose network namespace holds it. The allocation lives exactly as long as that
 * process: an endpoint whose process is gone is reclaimed by the next command that notices.
 *
 * @param networkId the network
 * @param containerId the container
 * @param containerName its name when it was connected, for {@code network inspect}
 * @param interfaceName {@code eth0}, {@code eth1}, ...
 * @param address the container's address
 * @param macAddress its MAC address
 * @param aliases names it is known by on the network, besides its name and short id
 * @param ports its published ports
 * @param pid the container's PID 1
 * @param pidStartTime that process's start time, so that a reused PID is not taken for it
 */
public record EndpointRecord(String networkId, String containerId, String containerName, String interfaceName, String address,
        String macAddress, List<String> aliases, List<PortBinding> ports, long pid, long pidStartTime) {

    public EndpointRecord {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** The endpoint's id, as {@code inspect} shows one: derived, so stable. */
    public String endpointId() {
        return containerId.substring(0, 32) + networkId.substring(0, 32);
    }

    /** As the network's driver sees it. */
    public Endpoint spec() {
        return new Endpoint(containerId, interfaceName, Ipv4.parse(address), macAddress, ports);
    }
}
