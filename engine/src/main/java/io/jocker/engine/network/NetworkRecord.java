package io.jocker.engine.network;

import io.jocker.spi.Ipv4;
import io.jocker.spi.NetworkSpec;
import io.jocker.spi.Subnet;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A network as jocker keeps it.
 *
 * @param id 64 hex digits
 * @param name unique among networks
 * @param driver {@code bridge}, a plugin's driver, or {@code host} / {@code null} for the predefined ones
 * @param created when it was created
 * @param subnet its IPv4 subnet; null for {@code host} and {@code none}
 * @param gateway the gateway's address; null with {@code subnet}
 * @param ipRange where containers' addresses come from; null for the whole subnet
 * @param internal no traffic in or out of the network
 * @param options driver options
 * @param labels user labels
 */
public record NetworkRecord(String id, String name, String driver, Instant created, String subnet, String gateway,
        String ipRange, boolean internal, Map<String, String> options, Map<String, String> labels) {

    /** The networks every jocker has, which cannot be removed. */
    public static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");

    public NetworkRecord {
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean predefined() {
        return PREDEFINED.contains(name) && (driver.equals("bridge") ? options.containsKey(NetworkService.DEFAULT_BRIDGE_OPTION)
                : driver.equals("host") || driver.equals("null"));
    }

    /** Whether containers get an address and an interface on it (not {@code host} or {@code none}). */
    public boolean hasDriver() {
        return subnet != null;
    }

    public Subnet subnetValue() {
        return Subnet.parse(subnet);
    }

    public Ipv4 gatewayValue() {
        return Ipv4.parse(gateway);
    }

    public Subnet rangeValue() {
        return ipRange == null ? subnetValue() : Subnet.parse(ipRange);
    }

    /** As the network's driver sees it. */
    public NetworkSpec spec() {
        return new NetworkSpec(id, name, subnetValue(), gatewayValue(), internal, options);
    }
}
