package io.jocker.spi;

import java.util.Map;

/**
 * Connects containers to networks of one kind (a Linux bridge, macvlan, ...). The engine owns
 * every network's address plan and every container's endpoint; the driver only makes the host
 * look like them.
 *
 * <p>Implementers must guarantee: every method is idempotent (called again with the same
 * arguments it succeeds and changes nothing more), so that the engine can repeat a step a
 * killed command left half done; {@link #disconnect} and {@link #removeNetwork} succeed when
 * what they remove is already gone; nothing the driver creates outlives the network or the
 * endpoint it belongs to; and the driver never changes host state it did not create (foreign
 * interfaces, routes, firewall rules).
 */
public interface NetworkDriver {

    /** The driver's name, as its factory reports it ({@code docker network create -d NAME}). */
    String name();

    /** Creates what the network needs on the host (its bridge, its address, its firewall rules). */
    void createNetwork(NetworkSpec network) throws NetworkException;

    /** Removes what {@link #createNetwork} created; the engine calls it once no endpoint is left. */
    void removeNetwork(NetworkSpec network) throws NetworkException;

    /**
     * Connects the network namespace of the process {@code pid} to the network: an interface
     * named {@link Endpoint#interfaceName()} with the endpoint's address and MAC address, a
     * default route through the gateway unless the network is internal, and the endpoint's
     * published ports. The network has been created.
     */
    void connect(NetworkSpec network, Endpoint endpoint, long pid) throws NetworkException;

    /**
     * Undoes {@link #connect}: the host's side of the interface and the published ports. The
     * container's namespace may be gone already (its interface then went with it).
     */
    void disconnect(NetworkSpec network, Endpoint endpoint) throws NetworkException;

    /**
     * Facts about the host this driver depends on, for {@code jocker info}, in display order
     * (for example {@code "IPv4 Forwarding" -> "enabled (by jocker)"}). The default has none.
     */
    default Map<String, String> status() {
        return Map.of();
    }
}
