package io.jocker.engine.network;

import java.util.List;

/**
 * Everything jocker knows about networks: the networks and the endpoints (each an IPAM
 * allocation), kept by {@link NetworkStore} under one lock, which makes every allocation and
 * release atomic across processes.
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
