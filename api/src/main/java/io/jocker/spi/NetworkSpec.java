package io.jocker.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A network as a driver sees it.
 *
 * @param id the network's 64-hex-digit id
 * @param name the network's name
 * @param subnet its IPv4 subnet
 * @param gateway the gateway address inside {@code subnet} (the bridge's own, for a bridge)
 * @param internal no traffic to or from outside the network
 * @param options driver options ({@code -o KEY=VALUE}), never null
 */
public record NetworkSpec(String id, String name, Subnet subnet, Ipv4 gateway, boolean internal, Map<String, String> options) {

    public NetworkSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        options = Map.copyOf(options);
    }
}
