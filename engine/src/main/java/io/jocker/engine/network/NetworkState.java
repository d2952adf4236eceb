package io.jocker.engine.network;

import java.util.List;

/**
 * Everything jocker knows about networks, in one file written atomically: the networks and the
 * endpoints (each an IPAM allocation). One file under one lock makes every allocation and release
 * atomic across processes.
 */
public record NetworkState(List<NetworkRecord> networks, List<EndpointRecord> endpoints) {

    public NetworkState {
        networks = networks == null ? List.of() : List.copyOf(networks);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    static NetworkState empty() {
        return new NetworkState(List.of(), List.of());
    }
}
