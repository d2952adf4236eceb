package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.network.ConnectRequest;
import io.jocker.engine.network.EndpointRecord;
import io.jocker.engine.network.NetworkConfigException;
import io.jocker.engine.network.NetworkRecord;
import io.jocker.engine.network.NetworkService;
import io.jocker.linux.ProcStat;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Ipv4;
import io.jocker.spi.NetworkAttachment;
import io.jocker.spi.PortBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A container's networking: its settings checked and resolved at create (so that a bad one
 * creates nothing), its network namespace chosen and its networks joined at start, its
 * {@code /etc/hosts} and {@code /etc/resolv.conf} written once its addresses are known.
 *
 * <p>Name resolution is {@code /etc/hosts} kept current: every container on a user-defined
 * network has a line for each other one (name, aliases, short id), rewritten whenever one joins
 * or leaves. No resolver process is needed, so a container's start pays for no daemon and nothing
 * runs while no container does; see README for what this does not do.
 */
public final class ContainerNetworking {

    private static final Pattern HOST_NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?");
    static final String HOST_GATEWAY = "host-gateway";
    /** The environment variable naming the network of containers created without {@code --network}. */
    public static final String DEFAULT_NETWORK_ENV = "JOCKER_DEFAULT_NETWORK";

    private final NetworkService networks;
    private final ContainerLookup lookup;
    private final Function<String, Path> directories;

    ContainerNetworking(NetworkService networks, ContainerLookup lookup, Function<String, Path> directories) {
        this.networks = networks;
        this.lookup = lookup;
        this.directories = directories;
    }

    /** The request's network settings, checked and resolved into the container's host config. */
    HostConfig.Builder resolve(CreateRequest request, HostConfig.Builder host) {
        HostConfig asked = request.hostConfig();
        String mode = asked.networkMode().isEmpty() ? defaultNetwork(System.getenv()) : asked.networkMode();
        List<NetworkAttachment> attachments = new ArrayList<>();
        boolean custom = false;
        if (mode.equals("none") || mode.equals("host")) {
            refuseWithoutNetwork(request, mode);
            if (mode.equals("host")) {
                refuseHostSysctls(asked.sysctls().keySet());
            }
        } else if (mode.startsWith("container:")) {
            refuseWithoutNetwork(request, "container");
            if (request.hostname() != null) {
                throw new NetworkConfigException("conflicting options: hostname and the network mode");
            }
            if (!asked.dns().isEmpty() || !asked.extraHosts().isEmpty()) {
                throw new NetworkConfigException("conflicting options: dns and the network mode");
            }
            mode = "container:" + lookup.find(mode.substring("container:".length())).id();
        } else {
            NetworkRecord network = networks.find(mode);
            custom = !network.predefined();
            if (!network.hasDriver()) {
                refuseWithoutNetwork(request, mode);
            } else {
                if (!custom && request.ipv4Address() != null) {
                    throw new NetworkConfigException("user specified IP address is supported on user defined networks only");
                }
                if (!custom && !request.networkAliases().isEmpty()) {
                    throw new NetworkConfigException("network-scoped alias is supported only for containers in user defined networks");
                }
                if (request.ipv4Address() != null) {
                    Ipv4 ip = parseAddress(request.ipv4Address(), "--ip");
                    if (!network.subnetValue().contains(ip)) {
                        throw new NetworkConfigException("invalid address " + ip + ": it is not in subnet " + network.subnet()
                                + " of network " + network.name());
                    }
                }
                String mac = request.macAddress() == null ? null : io.jocker.engine.network.NetworkService.validateMac(request.macAddress());
                attachments.add(new NetworkAttachment(network.name(), request.ipv4Address(), request.networkAliases(), mac));
            }
        }
        if (request.hostname() != null && !HOST_NAME.matcher(request.hostname()).matches()) {
            throw new NetworkConfigException("invalid hostname format: " + request.hostname());
        }
        for (String server : asked.dns()) {
            if (server.isBlank() || server.chars().anyMatch(Character::isWhitespace)) {
                throw new NetworkConfigException(server + " is not an ip address");
            }
        }
        return host.networkMode(mode)
                .networks(attachments)
                .portBindings(mode.equals("host") || mode.equals("none") ? List.of() : asked.portBindings())
                .extraHosts(extraHosts(asked.extraHosts()));
    }

    /**
     * The network of a container created without {@code --network}: {@value #DEFAULT_NETWORK_ENV}
     * if set (as {@code dockerd --bridge none} turns the default bridge off; jocker's tests set it
     * to {@code none} so that they never make a bridge in the host's namespace), else {@code bridge}.
     */
    static String defaultNetwork(java.util.Map<String, String> environment) {
        String chosen = environment.get(DEFAULT_NETWORK_ENV);
        return chosen == null || chosen.isBlank() ? "bridge" : chosen;
    }

    /** The host's own network settings are not the container's to change (runc's check, in its words). */
    private static void refuseHostSysctls(Set<String> keys) {
        keys.stream().filter(k -> k.startsWith("net.")).sorted().findFirst().ifPresent(k -> {
            throw new NetworkConfigException("sysctl \"" + k + "\" not allowed in host network namespace");
        });
    }

    private static void refuseWithoutNetwork(CreateRequest request, String mode) {
        HostConfig asked = request.hostConfig();
        if (request.ipv4Address() != null || !request.networkAliases().isEmpty()) {
            throw new NetworkConfigException("--ip and --network-alias need a user-defined network, not " + mode);
        }
        if (mode.equals("container") && (!asked.portBindings().isEmpty() || asked.publishAllPorts())) {
            throw new NetworkConfigException("conflicting options: port publishing and the container type network mode");
        }
        if (request.macAddress() != null && !mode.equals("none")) {
            throw new NetworkConfigException("conflicting options: mac-address and the network mode");
        }
    }

    private static Ipv4 parseAddress(String text, String flag) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NetworkConfigException("invalid IPv4 address for " + flag + ": " + text);
        }
    }

    /** {@code NAME:ADDRESS} entries (Docker also takes {@code NAME=ADDRESS}), {@code host-gateway} replaced by the default bridge's gateway. */
    private List<String> extraHosts(List<String> given) {
        List<String> hosts = new ArrayList<>();
        for (String entry : given) {
            int sep = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
            if (sep <= 0 || sep == entry.length() - 1) {
                throw new NetworkConfigException("bad format for add-host: \"" + entry + "\"");
            }
            String name = entry.substring(0, sep);
            String address = entry.substring(sep + 1);
            if (!HOST_NAME.matcher(name).matches()) {
                throw new NetworkConfigException("invalid hostname in add-host: \"" + name + "\"");
            }
            if (address.equals(HOST_GATEWAY)) {
                address = networks.find("bridge").gateway();
            } else {
                parseAddress(address, "--add-host");
            }
            hosts.add(name + ":" + address);
        }
        return hosts;
    }

    /**
     * The network namespace the container shares instead of getting its own, as its other shared
     * namespaces are given: 0 for the host's ({@code --network host}: the engine's own), or the PID
     * of the running container whose namespace it joins ({@code container:}); empty for its own.
     */
    Optional<Long> sharedNamespace(ContainerRecord record) {
        String mode = record.hostConfig().networkMode();
        if (mode.equals("host")) {
            return Optional.of(0L);
        }
        if (mode.startsWith("container:")) {
            String other = mode.substring("container:".length());
            ContainerRecord owner = lookup.byId(other)
                    .orElseThrow(() -> new InvalidRequestException("cannot join network namespace of container " + other + ": it was removed"));
            if (!ContainerService.isRunning(owner)) {
                throw new InvalidRequestException("cannot join network namespace of a non running container: " + owner.name());
            }
            return Optional.of(owner.state().pid());
        }
        return Optional.empty();
    }

    /**
     * Joins the container's process {@code pid} to its networks, in order ({@code eth0} first),
     * publishing its ports on the first, then writes its /etc/hosts and /etc/resolv.conf.
     */
    void connect(ContainerRecord record, long pid) throws IOException {
        long startTime = ProcStat.startTime(pid).orElseThrow(() -> new IOException("process " + pid + " ended"));
        List<NetworkAttachment> attachments = record.hostConfig().networks();
        List<EndpointRecord> joined = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            NetworkAttachment a = attachments.get(i);
            List<PortBinding> ports = i == 0 ? ports(record) : List.of();
            joined.add(networks.connect(new ConnectRequest(record.id(), record.name(), a.network(), "eth" + i, a.ipv4Address(),
                    a.macAddress(), a.aliases(), ports), pid, startTime));
        }
        writeResolvConf(record);
        writeHosts(record, joined);
        for (EndpointRecord endpoint : joined) {
            refreshPeers(endpoint.networkId(), record.id());
        }
    }

    /**
     * {@code network connect}: joins a running container's process to one more network, on the
     * first interface name its endpoints do not use.
     */
    void connectRunning(ContainerRecord record, NetworkAttachment attachment) throws IOException {
        long pid = record.state().pid();
        List<EndpointRecord> current = networks.endpointsOf(record.id());
        int index = 0;
        while (true) {
            String candidate = "eth" + index;
            if (current.stream().noneMatch(e -> e.interfaceName().equals(candidate))) {
                break;
            }
            index++;
        }
        EndpointRecord joined = networks.connect(new ConnectRequest(record.id(), record.name(), attachment.network(), "eth" + index,
                attachment.ipv4Address(), attachment.macAddress(), attachment.aliases(), List.of()), pid, record.state().pidStartTime());
        List<EndpointRecord> all = new ArrayList<>(current);
        all.add(joined);
        writeHosts(record, all);
        refreshPeers(joined.networkId(), record.id());
    }

    /** {@code network disconnect} of a running container: its endpoint on that network goes, with its interface. */
    void disconnectRunning(ContainerRecord record, NetworkRecord network) throws IOException {
        networks.release(record.id(), network.id());
        writeHosts(record, networks.endpointsOf(record.id()));
        refreshPeers(network.id(), record.id());
    }

    /** The ports to publish: {@code -p}, and with {@code -P} every exposed port not published yet, on a free host port. */
    static List<PortBinding> ports(ContainerRecord record) {
        List<PortBinding> ports = new ArrayList<>(record.hostConfig().portBindings());
        if (record.hostConfig().publishAllPorts()) {
            for (String exposed : record.config().exposedPorts()) {
                int slash = exposed.indexOf('/');
                int port = Integer.parseInt(slash < 0 ? exposed : exposed.substring(0, slash));
                String protocol = slash < 0 ? "tcp" : exposed.substring(slash + 1);
                if (ports.stream().noneMatch(p -> p.containerPort() == port && p.protocol().equals(protocol))) {
                    ports.add(new PortBinding(protocol, port, "0.0.0.0", 0));
                }
            }
        }
        return ports;
    }

    /** Releases the container's endpoints and drops its lines from its peers' /etc/hosts. */
    void release(String containerId) {
        List<String> networkIds = networks.endpointsOf(containerId).stream().map(EndpointRecord::networkId).toList();
        networks.release(containerId);
        for (String networkId : networkIds) {
            refreshPeers(networkId, containerId);
        }
    }

    private void writeResolvConf(ContainerRecord record) throws IOException {
        HostConfig h = record.hostConfig();
        if (h.dns().isEmpty() && h.dnsSearch().isEmpty() && h.dnsOptions().isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        String hostResolv = EtcFiles.resolvConf(Path.of("/etc/resolv.conf"));
        List<String> servers = h.dns();
        if (servers.isEmpty()) {
            hostResolv.lines().filter(l -> l.trim().startsWith("nameserver")).forEach(l -> text.append(l.trim()).append('\n'));
        } else {
            servers.forEach(s -> text.append("nameserver ").append(s).append('\n'));
        }
        if (!h.dnsSearch().isEmpty()) {
            text.append("search ").append(String.join(" ", h.dnsSearch())).append('\n');
        }
        if (!h.dnsOptions().isEmpty()) {
            text.append("options ").append(String.join(" ", h.dnsOptions())).append('\n');
        }
        rewrite(directories.apply(record.id()).resolve(EtcFiles.RESOLV_CONF), text.toString());
    }

    /** Rewrites /etc/hosts of every other live container on the network, for name resolution. */
    private void refreshPeers(String networkId, String except) {
        NetworkRecord network = networks.list().stream().filter(n -> n.id().equals(networkId)).findFirst().orElse(null);
        if (network == null || network.predefined()) {
            return;
        }
        for (EndpointRecord peer : networks.endpoints(networkId)) {
            if (peer.containerId().equals(except)) {
                continue;
            }
            lookup.byId(peer.containerId()).ifPresent(r -> {
                try {
                    writeHosts(r, networks.endpointsOf(r.id()));
                } catch (IOException e) {
                    java.util.logging.Logger.getLogger(ContainerNetworking.class.getName())
                            .fine("cannot update /etc/hosts of " + r.id() + ": " + e.getMessage());
                }
            });
        }
    }

    /**
     * The container's /etc/hosts: localhost, its own addresses with its host name, {@code --add-host}
     * lines, and on user-defined networks every other container's address with its name, aliases
     * and short id.
     */
    private void writeHosts(ContainerRecord record, List<EndpointRecord> own) throws IOException {
        ContainerConfig c = record.config();
        StringBuilder text = new StringBuilder("""
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                ff00::0\tip6-mcastprefix
                ff02::1\tip6-allnodes
                ff02::2\tip6-allrouters
                """);
        for (String extra : record.hostConfig().extraHosts()) {
            int colon = extra.indexOf(':');
            text.append(extra.substring(colon + 1)).append('\t').append(extra, 0, colon).append('\n');
        }
        if (own.isEmpty()) {
            text.append("127.0.1.1\t").append(c.hostname()).append('\n');
        }
        for (EndpointRecord e : own) {
            text.append(e.address()).append('\t').append(c.hostname()).append('\n');
        }
        Set<String> lines = new LinkedHashSet<>();
        for (EndpointRecord e : own) {
            NetworkRecord network = networks.list().stream().filter(n -> n.id().equals(e.networkId())).findFirst().orElse(null);
            if (network == null || network.predefined()) {
                continue;
            }
            for (EndpointRecord peer : networks.endpoints(e.networkId())) {
                if (peer.containerId().equals(record.id())) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                names.add(peer.containerName());
                names.addAll(peer.aliases());
                names.add(peer.containerId().substring(0, 12));
                lines.add(peer.address() + "\t" + String.join(" ", names));
            }
        }
        lines.forEach(l -> text.append(l).append('\n'));
        rewrite(directories.apply(record.id()).resolve(EtcFiles.HOSTS), text.toString());
    }

    /** In place: the file is bind-mounted into the container, which holds its inode. */
    private static void rewrite(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
