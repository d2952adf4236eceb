package io.jocker.engine.network;

import io.jocker.spi.Ipv4;
import io.jocker.spi.Subnet;
import java.util.List;
import java.util.Set;

/**
 * Address management, without state of its own: the addresses taken are the endpoints'. Never
 * hands out a subnet's network, broadcast or gateway address; scans rather than keeps a bitmap,
 * so a /8 costs nothing until it fills.
 */
final class Ipam {

    /** Docker's default address pools: 172.17.0.0/16 to 172.31.0.0/16, then 192.168.0.0/20 to 192.168.240.0/20. */
    static final List<Subnet> POOLS = pools();

    private Ipam() {}

    private static List<Subnet> pools() {
        List<Subnet> pools = new java.util.ArrayList<>();
        for (int b = 17; b <= 31; b++) {
            pools.add(Subnet.parse("172." + b + ".0.0/16"));
        }
        for (int c = 0; c < 256; c += 16) {
            pools.add(Subnet.parse("192.168." + c + ".0/20"));
        }
        return List.copyOf(pools);
    }

    /** The first default pool that overlaps none of {@code inUse} (networks, and the host's routes and addresses). */
    static Subnet choosePool(List<Subnet> inUse) {
        for (Subnet pool : POOLS) {
            if (inUse.stream().noneMatch(pool::overlaps)) {
                return pool;
            }
        }
        throw new NetworkConfigException("could not find an available, non-overlapping IPv4 address pool among the defaults"
                + " to assign to the network");
    }

    /** The gateway a subnet gets when none is given: its first address. */
    static Ipv4 defaultGateway(Subnet subnet) {
        return subnet.network().plus(1);
    }

    /** Whether {@code address} may be a container's: in the subnet, and not its network, broadcast or gateway address. */
    static boolean assignable(Subnet subnet, Ipv4 gateway, Ipv4 address) {
        return subnet.contains(address) && !address.equals(subnet.network()) && !address.equals(subnet.broadcast())
                && !address.equals(gateway);
    }

    /**
     * An address for a container: {@code requested} if given and free, else the first free one of
     * {@code range}. Fails with a message naming the network when there is none.
     */
    static Ipv4 allocate(String network, Subnet subnet, Ipv4 gateway, Subnet range, Set<Ipv4> taken, Ipv4 requested) {
        if (requested != null) {
            if (!subnet.contains(requested)) {
                throw new NetworkConfigException("invalid address " + requested + ": it is not in subnet " + subnet
                        + " of network " + network);
            }
            if (!assignable(subnet, gateway, requested) || taken.contains(requested)) {
                throw new NetworkConfigException("Address already in use: " + requested + " on network " + network);
            }
            return requested;
        }
        for (long i = 0; i < range.size(); i++) {
            Ipv4 candidate = range.network().plus(i);
            if (assignable(subnet, gateway, candidate) && !taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new NetworkConfigException("no available IPv4 addresses on network " + network + " (" + range + ")");
    }
}
