package io.jocker.engine.network;

import io.jocker.spi.PortBinding;
import io.jocker.spi.Ipv4;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Host ports for publishing: taken by another endpoint (jocker's own DNAT, which no socket
 * shows) or by another program (a socket bound on the host, found by binding it once), and the
 * choice of a free one for {@code -P} and {@code -p CONTAINERPORT}.
 */
final class HostPorts {

    /** Where a free host port is looked for, as Linux's default ephemeral range. */
    static final int FIRST_EPHEMERAL = 32768;
    static final int LAST_EPHEMERAL = 60999;

    private HostPorts() {}

    /** Whether two bindings of one protocol compete for a host port: same port, and one address covers the other. */
    static boolean clash(PortBinding a, PortBinding b) {
        return a.protocol().equals(b.protocol()) && a.hostPort() == b.hostPort()
                && (a.hostIp().equals(b.hostIp()) || a.hostIp().equals(Ipv4.ANY.toString()) || b.hostIp().equals(Ipv4.ANY.toString()));
    }

    /** Whether a program of the host could bind this port now (nothing else holds it). */
    static boolean bindable(String protocol, String hostIp, int port) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(hostIp), port);
            if (protocol.equals("udp")) {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.bind(address);
                }
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(address);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code wanted} with every host port of 0 replaced by a free one, each checked against {@code taken} and the host. */
    static List<PortBinding> assign(List<PortBinding> wanted, List<PortBinding> taken, String container) {
        java.util.ArrayList<PortBinding> assigned = new java.util.ArrayList<>();
        java.util.ArrayList<PortBinding> busy = new java.util.ArrayList<>(taken);
        for (PortBinding port : wanted) {
            PortBinding chosen = port.hostPort() == 0 ? free(port, busy) : port;
            if (busy.stream().anyMatch(other -> clash(other, chosen))) {
                throw new NetworkConfigException("Bind for " + chosen.hostIp() + ":" + chosen.hostPort() + " failed: port is already allocated");
            }
            if (!bindable(chosen.protocol(), chosen.hostIp(), chosen.hostPort())) {
                throw new NetworkConfigException("driver failed programming external connectivity on endpoint " + container + ": listen "
                        + chosen.protocol() + "4 " + chosen.hostIp() + ":" + chosen.hostPort() + ": bind: address already in use");
            }
            assigned.add(chosen);
            busy.add(chosen);
        }
        return List.copyOf(assigned);
    }

    private static PortBinding free(PortBinding port, List<PortBinding> busy) {
        for (int candidate = FIRST_EPHEMERAL; candidate <= LAST_EPHEMERAL; candidate++) {
            PortBinding p = new PortBinding(port.protocol(), port.containerPort(), port.hostIp(), candidate);
            if (busy.stream().noneMatch(other -> clash(other, p)) && bindable(p.protocol(), p.hostIp(), candidate)) {
                return p;
            }
        }
        throw new NetworkConfigException("no free host port for " + port.containerPort() + "/" + port.protocol());
    }
}
