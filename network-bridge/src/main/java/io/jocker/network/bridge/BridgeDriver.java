package io.jocker.network.bridge;

import io.jocker.spi.Endpoint;
import io.jocker.spi.NetworkDriver;
import io.jocker.spi.NetworkException;
import io.jocker.spi.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Linux bridge per network, a veth pair per endpoint, NAT and filtering in {@link NftTable}.
 * Links and addresses go through iproute2's {@code ip -batch} (one process on the host's side
 * and one, through {@code nsenter}, in the container's network namespace), the firewall through
 * one {@code nft -f} transaction: see README for why processes rather than netlink.
 *
 * <p>What belongs to jocker is marked: a bridge carries the alias {@code jocker:<network id>},
 * and is never touched (let alone deleted) without it; a veth's host end is named after the
 * container and the network, so removing it again needs no record of it.
 */
final class BridgeDriver implements NetworkDriver {

    static final String NAME = "bridge";

    /** Docker's option naming the bridge. */
    static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    private final Tools tools;
    private final Commands commands;
    private final IpForwarding forwarding;
    private final Path proc;

    BridgeDriver(Tools tools, Commands commands, IpForwarding forwarding, Path proc) {
        this.proc = proc;
        this.tools = tools;
        this.commands = commands;
        this.forwarding = forwarding;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The bridge's name: the option's, or {@code jk-} and the first 12 digits of the network's id. */
    static String bridgeName(NetworkSpec network) throws NetworkException {
        String name = network.options().get(BRIDGE_NAME_OPTION);
        if (name == null) {
            return "jk-" + network.id().substring(0, 12);
        }
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw new NetworkException("invalid bridge name \"" + name + "\": 1 to 15 letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    /** The host's end of an endpoint's veth pair: unique per container and network, 15 characters. */
    static String hostInterface(NetworkSpec network, Endpoint endpoint) {
        return "vj" + endpoint.containerId().substring(0, 7) + network.id().substring(0, 6);
    }

    private static String alias(NetworkSpec network) {
        return "jocker:" + network.id().substring(0, 12);
    }

    @Override
    public void createNetwork(NetworkSpec network) throws NetworkException {
        String bridge = bridgeName(network);
        boolean created = false;
        try {
            Commands.Result existing = commands.attempt(List.of(ip(), "-o", "link", "show", "dev", bridge), null);
            if (existing.ok() && !existing.stdout().contains("alias " + alias(network))) {
                throw new NetworkException("interface " + bridge + " already exists and is not this network's bridge"
                        + " (choose another with -o " + BRIDGE_NAME_OPTION + "=NAME)");
            }
            if (!existing.ok()) {
                commands.run(List.of(ip(), "link", "add", bridge, "type", "bridge"), null);
                created = true;
            }
            commands.run(List.of(ip(), "-batch", "-"), String.join("\n",
                    "link set " + bridge + " alias " + alias(network),
                    "addr replace " + network.gateway() + "/" + network.subnet().prefix() + " dev " + bridge,
                    "link set " + bridge + " up", ""));
            // The host reaching a published port on 127.0.0.1: packets from loopback may then leave through the bridge.
            writeSysctl("conf/" + bridge + "/route_localnet");
            ensureTable();
            nft(NftTable.add(NftTable.networkElements(bridge, network.subnet().toString(), network.internal())));
            if (!network.internal()) {
                forwarding.enable();
            }
        } catch (NetworkException e) {
            if (created) {
                commands.attempt(List.of(ip(), "link", "del", bridge), null);
            }
            throw e;
        }
    }

    @Override
    public void removeNetwork(NetworkSpec network) throws NetworkException {
        String bridge = bridgeName(network);
        if (tableExists()) {
            nft(NftTable.remove(NftTable.networkElements(bridge, network.subnet().toString(), network.internal())));
            if (!nft("list set " + NftTable.TABLE + " bridges\n").contains("\"")) {
                nft("delete table " + NftTable.TABLE + "\n");
            }
        }
        Commands.Result existing = commands.attempt(List.of(ip(), "-o", "link", "show", "dev", bridge), null);
        if (existing.ok() && existing.stdout().contains("alias " + alias(network))) {
            commands.run(List.of(ip(), "link", "del", bridge), null);
        }
    }

    @Override
    public void connect(NetworkSpec network, Endpoint endpoint, long pid) throws NetworkException {
        String bridge = bridgeName(network);
        // The default network's bridge is made by its first container, and made again after a reboot.
        if (!Files.isDirectory(interfaceConf(bridge))) {
            createNetwork(network);
        }
        String host = hostInterface(network, endpoint);
        String hostSide = String.join("\n",
                "link add " + host + " type veth peer name " + endpoint.interfaceName() + " address " + endpoint.macAddress()
                        + " netns " + pid,
                "link set " + host + " master " + bridge,
                "link set " + host + " type bridge_slave hairpin on",
                "link set " + host + " up", "");
        try {
            // A host end left by a crash (its container's namespace still held) is deleted only when it is in the way:
            // deleting it up front cost every container one more process.
            Commands.Result made = commands.attempt(List.of(ip(), "-batch", "-"), hostSide);
            if (!made.ok() && made.stderr().contains("File exists")) {
                deleteLink(host);
                made = commands.attempt(List.of(ip(), "-batch", "-"), hostSide);
            }
            if (!made.ok()) {
                throw new NetworkException("cannot connect " + host + " to bridge " + bridge + ": "
                        + String.join("; ", made.stderr().strip().lines().limit(3).toList()));
            }
            List<String> inside = new ArrayList<>(List.of(
                    "addr add " + endpoint.address() + "/" + network.subnet().prefix() + " dev " + endpoint.interfaceName(),
                    "link set " + endpoint.interfaceName() + " up"));
            if (!network.internal() && endpoint.interfaceName().equals("eth0")) {
                inside.add("route add default via " + network.gateway());
            }
            inside.add("");
            commands.run(List.of(tools.nsenter().toString(), "--net=/proc/" + pid + "/ns/net", ip(), "-batch", "-"),
                    String.join("\n", inside));
            if (!endpoint.ports().isEmpty()) {
                String add = NftTable.add(NftTable.portElements(endpoint));
                if (!commands.attempt(List.of(nft(), "-f", "-"), add).ok()) {
                    ensureTable();
                    nft(add);
                }
            }
        } catch (NetworkException e) {
            deleteLink(host);
            throw e;
        }
    }

    @Override
    public void disconnect(NetworkSpec network, Endpoint endpoint) throws NetworkException {
        if (!endpoint.ports().isEmpty()) {
            String remove = NftTable.remove(NftTable.portElements(endpoint));
            Commands.Result result = commands.attempt(List.of(nft(), "-f", "-"), remove);
            if (!result.ok() && tableExists()) {
                nft(remove);
            }
        }
        // Usually the veth went with the container's network namespace already: no process is needed then.
        String host = hostInterface(network, endpoint);
        if (Files.isDirectory(interfaceConf(host))) {
            deleteLink(host);
        }
    }

    @Override
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("IPv4 Forwarding", forwarding.describe());
        status.put("Firewall", "nftables (table " + NftTable.TABLE + ")");
        return status;
    }

    /**
     * An interface's {@code net.ipv4.conf} directory, there exactly while the interface is: under
     * {@code /proc/sys/net}, which shows the reader's network namespace ({@code /sys/class/net}
     * shows the namespace of whoever mounted {@code /sys}).
     */
    private Path interfaceConf(String name) {
        return proc.resolve("sys/net/ipv4/conf").resolve(name);
    }

    private void deleteLink(String name) throws NetworkException {
        Commands.Result result = commands.attempt(List.of(ip(), "link", "del", name), null);
        if (!result.ok() && !result.stderr().contains("Cannot find device")) {
            throw new NetworkException("cannot delete interface " + name + ": " + result.stderr().strip());
        }
    }

    private boolean tableExists() throws NetworkException {
        return commands.attempt(List.of(nft(), "list", "table", "ip", "jocker"), null).ok();
    }

    /** Creates the table unless it exists; a concurrent creator winning the race is success too. */
    private void ensureTable() throws NetworkException {
        if (tableExists()) {
            return;
        }
        Commands.Result result = commands.attempt(List.of(nft(), "-f", "-"), NftTable.create());
        if (!result.ok() && !tableExists()) {
            throw new NetworkException("cannot create nftables table " + NftTable.TABLE + ": " + result.stderr().strip());
        }
    }

    private String nft(String script) throws NetworkException {
        return commands.run(List.of(nft(), "-f", "-"), script);
    }

    private String ip() {
        return tools.ip().toString();
    }

    private String nft() {
        return tools.nft().toString();
    }

    /** A sysctl under net.ipv4 of the bridge jocker made: never one of the host's own interfaces. */
    private void writeSysctl(String name) throws NetworkException {
        Path file = proc.resolve("sys/net/ipv4").resolve(name);
        try {
            Files.writeString(file, "1");
        } catch (IOException e) {
            throw new NetworkException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
