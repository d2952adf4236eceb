package io.jocker.network.bridge;

import io.jocker.spi.Endpoint;
import io.jocker.spi.Ipv4;
import io.jocker.spi.PortBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * jocker's own nftables table, {@code ip jocker}. Its rules are fixed and created once, in one
 * transaction that starts with {@code create table} (so two commands creating it at once cannot
 * duplicate a rule); everything per network and per container is an element of its sets and
 * maps. Adding an element is idempotent, and an element is removed by adding and deleting it in
 * one transaction, which succeeds whether or not it was there. No other table is touched.
 *
 * <ul>
 *   <li>{@code ports}: DNAT of published ports, jumped to from prerouting (other hosts,
 *       containers) and from output (the host itself, loopback included) for local addresses.
 *   <li>postrouting: masquerade of a network's outbound traffic, of loopback sources sent to a
 *       bridge (the bridge has {@code route_localnet}), and of hairpin traffic (a container
 *       reaching a published port, so the reply comes back through the host). A container
 *       reaching its own published port is matched by {@code self} (its address as both source
 *       and destination, as Docker's per-port rule does): {@code br_netfilter} (built into this
 *       kernel) DNATs that packet at the bridge port it entered and bridges it back out of the
 *       same port (which is in hairpin mode), so its postrouting hook has no input interface;
 *       unmasqueraded, the container would see its own address as the source and drop it.
 *   <li>forward: traffic within a bridge passes; an internal network's traffic stops at its
 *       bridge; traffic between two jocker bridges is dropped unless it is to a published port.
 * </ul>
 */
final class NftTable {

    static final String TABLE = "ip jocker";

    private NftTable() {}

    static String create() {
        return """
                create table ip jocker
                table ip jocker {
                  set bridges { type ifname; }
                  set internal { type ifname; }
                  set pairs { type ifname . ifname; }
                  set outbound { type ipv4_addr; flags interval; }
                  set self { type ipv4_addr . ipv4_addr; }
                  map tcp_any { type inet_service : ipv4_addr . inet_service; }
                  map udp_any { type inet_service : ipv4_addr . inet_service; }
                  map tcp_host { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
                  map udp_host { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
                  chain ports {
                    meta l4proto tcp dnat ip to ip daddr . tcp dport map @tcp_host
                    meta l4proto udp dnat ip to ip daddr . udp dport map @udp_host
                    meta l4proto tcp dnat ip to tcp dport map @tcp_any
                    meta l4proto udp dnat ip to udp dport map @udp_any
                  }
                  chain prerouting { type nat hook prerouting priority dstnat; policy accept; fib daddr type local jump ports; }
                  chain output { type nat hook output priority -100; policy accept; fib daddr type local jump ports; }
                  chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    oifname @bridges ip saddr 127.0.0.0/8 masquerade
                    oifname @bridges iifname @bridges ct status dnat masquerade
                    ct status dnat ip saddr . ip daddr @self masquerade
                    ip saddr @outbound oifname != @bridges masquerade
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    iifname . oifname @pairs accept
                    iifname @internal drop
                    oifname @internal drop
                    ct status dnat accept
                    iifname @bridges oifname @bridges drop
                  }
                }
                """;
    }

    /** The elements that make a network's bridge known to the rules. */
    static List<String> networkElements(String bridge, String subnet, boolean internal) {
        List<String> elements = new ArrayList<>();
        elements.add("bridges { \"" + bridge + "\" }");
        elements.add("pairs { \"" + bridge + "\" . \"" + bridge + "\" }");
        if (internal) {
            elements.add("internal { \"" + bridge + "\" }");
        } else {
            elements.add("outbound { " + subnet + " }");
        }
        return elements;
    }

    /** The map elements of an endpoint's published ports, and its {@code self} element for hairpin to itself. */
    static List<String> portElements(Endpoint endpoint) {
        List<String> elements = new ArrayList<>();
        if (!endpoint.ports().isEmpty()) {
            elements.add("self { " + endpoint.address() + " . " + endpoint.address() + " }");
        }
        for (PortBinding port : endpoint.ports()) {
            String target = endpoint.address() + " . " + port.containerPort();
            if (port.hostAddress().equals(Ipv4.ANY)) {
                elements.add(port.protocol() + "_any { " + port.hostPort() + " : " + target + " }");
            } else {
                elements.add(port.protocol() + "_host { " + port.hostIp() + " . " + port.hostPort() + " : " + target + " }");
            }
        }
        return elements;
    }

    static String add(List<String> elements) {
        StringBuilder script = new StringBuilder();
        for (String element : elements) {
            script.append("add element ").append(TABLE).append(' ').append(element).append('\n');
        }
        return script.toString();
    }

    /** Removes the elements whether or not they are there. */
    static String remove(List<String> elements) {
        StringBuilder script = new StringBuilder(add(elements));
        for (String element : elements) {
            script.append("delete element ").append(TABLE).append(' ').append(element).append('\n');
        }
        return script.toString();
    }
}
