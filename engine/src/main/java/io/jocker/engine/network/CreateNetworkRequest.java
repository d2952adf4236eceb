package io.jocker.engine.network;

import java.util.Map;

/**
 * {@code network create}'s settings, as given (validated by {@link NetworkService#create}).
 *
 * @param name the network's name
 * @param driver {@code -d}; {@code bridge} by default
 * @param subnet {@code --subnet}, or null to choose one
 * @param gateway {@code --gateway}, or null for the subnet's first address
 * @param ipRange {@code --ip-range}, or null
 * @param internal {@code --internal}
 * @param options {@code -o}
 * @param labels {@code --label}
 */
public record CreateNetworkRequest(String name, String driver, String subnet, String gateway, String ipRange, boolean internal,
        Map<String, String> options, Map<String, String> labels) {

    public CreateNetworkRequest {
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
    }
}
