package io.jocker.engine.network;

import io.jocker.spi.PortBinding;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.base.RandomIds;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.linux.ProcStat;
import io.jocker.spi.Host;
import io.jocker.spi.Ipv4;
import io.jocker.spi.NetworkDriver;
import io.jocker.spi.NetworkException;
import io.jocker.spi.Subnet;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Networks: {@code network create/ls/inspect/rm/prune}, the predefined {@code bridge},
 * {@code host} and {@code none}, and the IPAM's allocations (endpoints). Every change happens
 * under the network store's lock; endpoints whose container process is gone are reclaimed (their
 * driver state removed, their address freed) by any change that notices them.
 */
public final class NetworkService {

    private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());

    /** Docker's option marking the default bridge network. */
    public static final String DEFAULT_BRIDGE_OPTION = "com.docker.network.bridge.default_bridge";
    static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";
    /** The default network's bridge. */
    public static final String DEFAULT_BRIDGE = "jocker0";

    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final NetworkStore store;
    private final Drivers drivers;
    private final Host host;

    @Inject
    public NetworkService(EngineConfig config, ObjectMapper json, Drivers drivers, Host host) {
        this(new NetworkStore(config.root().resolve("network"), json), drivers, host);
    }

    NetworkService(NetworkStore store, Drivers drivers, Host host) {
        this.store = store;
        this.drivers = drivers;
        this.host = host;
    }

    /** A {@code --mac-address}, checked and in its normal form. */
    public static String validateMac(String mac) {
        return MacAddresses.validate(mac);
    }

    /** Every network, the predefined ones first made if they do not exist yet. */
    public List<NetworkRecord> list() {
        NetworkState state = store.read();
        if (hasPredefined(state)) {
            return state.networks();
        }
        return store.locked(locked -> {
            NetworkState withDefaults = withPredefined(locked.state());
            try {
                locked.save(withDefaults);
            } catch (UncheckedIOException e) {
                // A read (inspect, network ls) on a full disk still answers; the next command that
                // can write saves the predefined networks, with ids of their own from then on.
                LOG.fine("predefined networks not saved: " + e.getMessage());
            }
            return withDefaults.networks();
        });
    }

    /** The live endpoints of a network (reclaiming none: a read). */
    public List<EndpointRecord> endpoints(String networkId) {
        return store.read().endpoints().stream().filter(e -> e.networkId().equals(networkId)).filter(NetworkService::alive).toList();
    }

    /** A network by full id, name or unique id prefix, as Docker finds one. */
    public NetworkRecord find(String reference) {
        return find(list(), reference);
    }

    static NetworkRecord find(List<NetworkRecord> networks, String reference) {
        for (NetworkRecord n : networks) {
            if (n.id().equals(reference)) {
                return n;
            }
        }
        for (NetworkRecord n : networks) {
            if (n.name().equals(reference)) {
                return n;
            }
        }
        List<NetworkRecord> prefixed = reference.isEmpty() ? List.of()
                : networks.stream().filter(n -> n.id().startsWith(reference)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new InvalidRequestException("network " + reference + " is ambiguous (" + prefixed.size() + " matches found)");
        }
        throw new NoSuchNetworkException(reference);
    }

    /**
     * Creates a network: validated first (name, driver, subnet, gateway, range), then recorded,
     * then made by its driver; a driver that fails leaves no record.
     */
    public NetworkRecord create(CreateNetworkRequest request) {
        String name = request.name();
        if (!VALID_NAME.matcher(name).matches()) {
            throw new NetworkConfigException("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (NetworkRecord.PREDEFINED.contains(name)) {
            throw new NetworkConfigException("operation is not permitted on predefined " + name + " network");
        }
        String driverName = request.driver() == null ? "bridge" : request.driver();
        NetworkDriver driver = driver(driverName);
        Subnet requestedSubnet = request.subnet() == null ? null : parseSubnet(request.subnet());
        if (requestedSubnet == null && (request.gateway() != null || request.ipRange() != null)) {
            throw new NetworkConfigException("every ip-range or gateway must have a corresponding subnet");
        }
        return store.locked(locked -> {
            NetworkState state = withPredefined(locked.state());
            if (state.networks().stream().anyMatch(n -> n.name().equals(name))) {
                throw new NetworkConfigException("network with name " + name + " already exists");
            }
            List<Subnet> taken = state.networks().stream().filter(NetworkRecord::hasDriver).map(NetworkRecord::subnetValue).toList();
            Subnet subnet = requestedSubnet;
            if (subnet == null) {
                List<Subnet> inUse = new ArrayList<>(taken);
                inUse.addAll(HostRoutes.read(host.proc()));
                subnet = Ipam.choosePool(inUse);
            } else {
                Subnet candidate = subnet;
                Optional<NetworkRecord> clash = state.networks().stream()
                        .filter(n -> n.hasDriver() && n.subnetValue().overlaps(candidate)).findFirst();
                if (clash.isPresent()) {
                    throw new NetworkConfigException("invalid pool request: Pool overlaps with other one on this address space"
                            + " (subnet " + candidate + " overlaps " + clash.get().subnet() + " of network " + clash.get().name() + ")");
                }
            }
            Ipv4 gateway = gateway(subnet, request.gateway());
            Subnet range = range(subnet, request.ipRange());
            NetworkRecord network = new NetworkRecord(RandomIds.hex64(), name, driverName, Instant.now(), subnet.toString(), gateway.toString(),
                    range == null ? null : range.toString(), request.internal(), request.options(), request.labels());
            createOnHost(driver, network);
            locked.save(add(state, network));
            return network;
        });
    }

    private static Subnet parseSubnet(String cidr) {
        Subnet subnet;
        try {
            subnet = Subnet.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new NetworkConfigException(e.getMessage());
        }
        if (subnet.prefix() > 30) {
            throw new NetworkConfigException("invalid subnet " + subnet + ": too small for a network (at most /30)");
        }
        return subnet;
    }

    private static Ipv4 gateway(Subnet subnet, String text) {
        if (text == null) {
            return Ipam.defaultGateway(subnet);
        }
        Ipv4 gateway;
        try {
            gateway = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NetworkConfigException("invalid gateway: " + e.getMessage());
        }
        if (!subnet.contains(gateway)) {
            throw new NetworkConfigException("no matching subnet for gateway " + gateway + " (it is not in " + subnet + ")");
        }
        if (gateway.equals(subnet.network()) || gateway.equals(subnet.broadcast())) {
            throw new NetworkConfigException("invalid gateway " + gateway + ": it is the network or broadcast address of " + subnet);
        }
        return gateway;
    }

    private static Subnet range(Subnet subnet, String text) {
        if (text == null) {
            return null;
        }
        Subnet range;
        try {
            range = Subnet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NetworkConfigException(e.getMessage());
        }
        if (!subnet.encloses(range)) {
            throw new NetworkConfigException("no matching subnet for range " + range + " (it is not inside " + subnet + ")");
        }
        return range;
    }

    /** Removes a network that no running container is connected to; the predefined ones cannot be removed. */
    public void remove(String reference) {
        store.locked(locked -> {
            NetworkState state = reclaim(withPredefined(locked.state()), locked);
            NetworkRecord network = find(state.networks(), reference);
            if (network.predefined()) {
                throw new InvalidRequestException(network.name() + " is a pre-defined network and cannot be removed");
            }
            if (state.endpoints().stream().anyMatch(e -> e.networkId().equals(network.id()))) {
                throw new InvalidRequestException("error while removing network: network " + network.name() + " id " + network.id()
                        + " has active endpoints");
            }
            removeFromHost(network);
            locked.save(new NetworkState(state.networks().stream().filter(n -> n != network).toList(), state.endpoints()));
            return null;
        });
    }

    /**
     * {@code network prune}: every user-defined network no running container is connected to,
     * created before {@code until=} and matching {@code label=}; returns their names.
     */
    public List<String> prune(Filters filters, Instant now) {
        filters.accept(Set.of("label", "label!", "until"));
        Optional<Instant> until = filters.time("until", now);
        return store.locked(locked -> {
            NetworkState state = reclaim(withPredefined(locked.state()), locked);
            List<String> removed = new ArrayList<>();
            for (NetworkRecord n : state.networks()) {
                boolean unused = state.endpoints().stream().noneMatch(e -> e.networkId().equals(n.id()));
                if (!n.predefined() && unused && (until.isEmpty() || !n.created().isAfter(until.get()))
                        && filters.matchLabels(n.labels())) {
                    removeFromHost(n);
                    removed.add(n.id());
                    // Saved after each: a failure on a later network keeps the removal of this one.
                    locked.save(new NetworkState(state.networks().stream().filter(k -> !removed.contains(k.id())).toList(),
                            state.endpoints()));
                }
            }
            return state.networks().stream().filter(n -> removed.contains(n.id())).map(NetworkRecord::name).toList();
        });
    }

    /**
     * Connects the network namespace of a starting container's process {@code pid} to a network:
     * checks aliases and host ports, allocates the address, records the endpoint (before the
     * driver acts, so that a crash leaves something the reclaim finds) and has the driver connect
     * it. A failure leaves neither endpoint nor driver state.
     */
    public EndpointRecord connect(ConnectRequest request, long pid, long pidStartTime) {
        return store.locked(locked -> {
            NetworkState state = reclaim(withPredefined(locked.state()), locked);
            NetworkRecord network = find(state.networks(), request.network());
            if (!network.hasDriver()) {
                throw new InvalidRequestException("container cannot be connected to network " + network.name());
            }
            List<EndpointRecord> onNetwork = state.endpoints().stream().filter(e -> e.networkId().equals(network.id())).toList();
            if (onNetwork.stream().anyMatch(e -> e.containerId().equals(request.containerId()))) {
                throw new InvalidRequestException("endpoint with name " + request.containerName() + " already exists in network "
                        + network.name());
            }
            for (String alias : request.aliases()) {
                for (EndpointRecord other : onNetwork) {
                    if (other.aliases().contains(alias) || other.containerName().equals(alias)) {
                        throw new NetworkConfigException("network-scoped alias \"" + alias + "\" is already used on network "
                                + network.name() + " by container " + other.containerName());
                    }
                }
            }
            List<PortBinding> ports = HostPorts.assign(request.ports(),
                    state.endpoints().stream().flatMap(e -> e.ports().stream()).toList(), request.containerName());
            Ipv4 requested = null;
            if (request.address() != null) {
                try {
                    requested = Ipv4.parse(request.address());
                } catch (IllegalArgumentException e) {
                    throw new NetworkConfigException(e.getMessage());
                }
            }
            Ipv4 address = Ipam.allocate(network.name(), network.subnetValue(), network.gatewayValue(), network.rangeValue(),
                    onNetwork.stream().map(e -> Ipv4.parse(e.address())).collect(java.util.stream.Collectors.toSet()), requested);
            String mac = request.macAddress() != null ? MacAddresses.validate(request.macAddress()) : MacAddresses.of(address);
            EndpointRecord endpoint = new EndpointRecord(network.id(), request.containerId(), request.containerName(),
                    request.interfaceName(), address.toString(), mac, request.aliases(), ports, pid, pidStartTime);
            List<EndpointRecord> endpoints = new ArrayList<>(state.endpoints());
            endpoints.add(endpoint);
            locked.save(new NetworkState(state.networks(), endpoints));
            try {
                driver(network.driver()).connect(network.spec(), endpoint.spec(), pid);
            } catch (NetworkException | RuntimeException e) {
                try {
                    driver(network.driver()).disconnect(network.spec(), endpoint.spec());
                } catch (NetworkException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                locked.save(state);
                throw new EngineException("cannot connect container " + request.containerName() + " to network " + network.name()
                        + ": " + e.getMessage(), e);
            }
            return endpoint;
        });
    }

    /** Releases every endpoint of a container (its process ended, or it is removed): driver state and addresses. */
    public void release(String containerId) {
        release(containerId, null);
    }

    /** Releases a container's endpoint on one network ({@code network disconnect}); null releases all. */
    public void release(String containerId, String networkId) {
        if (store.read().endpoints().stream().noneMatch(e -> e.containerId().equals(containerId))) {
            return;
        }
        store.locked(locked -> {
            NetworkState state = locked.state();
            List<EndpointRecord> left = new ArrayList<>();
            EngineException failure = null;
            for (EndpointRecord endpoint : state.endpoints()) {
                if (!endpoint.containerId().equals(containerId) || networkId != null && !endpoint.networkId().equals(networkId)) {
                    left.add(endpoint);
                    continue;
                }
                try {
                    disconnectOnHost(state, endpoint);
                } catch (EngineException e) {
                    left.add(endpoint);
                    failure = e;
                }
            }
            locked.save(new NetworkState(state.networks(), left));
            if (failure != null) {
                throw failure;
            }
            return null;
        });
    }

    /** Every live endpoint. */
    public List<EndpointRecord> allEndpoints() {
        return store.read().endpoints().stream().filter(NetworkService::alive).toList();
    }

    /** The live endpoints of a container, in the order it joined its networks. */
    public List<EndpointRecord> endpointsOf(String containerId) {
        return store.read().endpoints().stream().filter(e -> e.containerId().equals(containerId)).filter(NetworkService::alive).toList();
    }

    /** What {@code info} shows for the network drivers: each fact a driver reports about the host. */
    public Map<String, String> driverStatus() {
        Map<String, String> status = new java.util.LinkedHashMap<>();
        for (var discovered : drivers.catalog().drivers(DriverKind.NETWORK)) {
            try {
                status.putAll(drivers.named(DriverKind.NETWORK, discovered.name(), NetworkDriver.class).status());
            } catch (RuntimeException e) {
                LOG.fine("network driver " + discovered.name() + " has no status: " + e.getMessage());
            }
        }
        return status;
    }

    private NetworkDriver driver(String name) {
        try {
            return drivers.named(DriverKind.NETWORK, name, NetworkDriver.class);
        } catch (EngineException e) {
            throw new NetworkConfigException("plugin \"" + name + "\" not found: " + e.getMessage());
        }
    }

    private void createOnHost(NetworkDriver driver, NetworkRecord network) {
        try {
            driver.createNetwork(network.spec());
        } catch (NetworkException e) {
            throw new EngineException("cannot create network " + network.name() + ": " + e.getMessage(), e);
        }
    }

    private void removeFromHost(NetworkRecord network) {
        if (!network.hasDriver()) {
            return;
        }
        try {
            driver(network.driver()).removeNetwork(network.spec());
        } catch (NetworkException e) {
            throw new EngineException("cannot remove network " + network.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state without the endpoints whose container process is gone, their driver state
     * removed first; saved at once, so that a later failure keeps the reclaim.
     */
    NetworkState reclaim(NetworkState state, NetworkStore.Locked locked) {
        List<EndpointRecord> dead = state.endpoints().stream().filter(e -> !alive(e)).toList();
        if (dead.isEmpty()) {
            return state;
        }
        List<EndpointRecord> released = new ArrayList<>();
        for (EndpointRecord endpoint : dead) {
            try {
                disconnectOnHost(state, endpoint);
                released.add(endpoint);
            } catch (EngineException e) {
                LOG.warning("cannot release the endpoint of container " + endpoint.containerId() + ": " + e.getMessage());
            }
        }
        NetworkState reclaimed = new NetworkState(state.networks(),
                state.endpoints().stream().filter(e -> !released.contains(e)).toList());
        locked.save(reclaimed);
        return reclaimed;
    }

    void disconnectOnHost(NetworkState state, EndpointRecord endpoint) {
        Optional<NetworkRecord> network = state.networks().stream().filter(n -> n.id().equals(endpoint.networkId())).findFirst();
        if (network.isEmpty() || !network.get().hasDriver()) {
            return;
        }
        try {
            driver(network.get().driver()).disconnect(network.get().spec(), endpoint.spec());
        } catch (NetworkException e) {
            throw new EngineException("cannot disconnect container " + endpoint.containerId() + " from network "
                    + network.get().name() + ": " + e.getMessage(), e);
        }
    }

    static boolean alive(EndpointRecord endpoint) {
        try {
            OptionalLong start = ProcStat.startTime(endpoint.pid());
            return start.isPresent() && start.getAsLong() == endpoint.pidStartTime();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasPredefined(NetworkState state) {
        return NetworkRecord.PREDEFINED.stream().allMatch(name -> state.networks().stream().anyMatch(n -> n.name().equals(name)));
    }

    /** The state with {@code bridge}, {@code host} and {@code none} added where missing. */
    private NetworkState withPredefined(NetworkState state) {
        if (hasPredefined(state)) {
            return state;
        }
        NetworkState result = state;
        if (result.networks().stream().noneMatch(n -> n.name().equals("bridge"))) {
            List<Subnet> inUse = new ArrayList<>(HostRoutes.read(host.proc()));
            result.networks().stream().filter(NetworkRecord::hasDriver).map(NetworkRecord::subnetValue).forEach(inUse::add);
            Subnet subnet = Ipam.choosePool(inUse);
            result = add(result, new NetworkRecord(RandomIds.hex64(), "bridge", "bridge", Instant.now(), subnet.toString(),
                    Ipam.defaultGateway(subnet).toString(), null, false,
                    Map.of(DEFAULT_BRIDGE_OPTION, "true", BRIDGE_NAME_OPTION, DEFAULT_BRIDGE), Map.of()));
        }
        if (result.networks().stream().noneMatch(n -> n.name().equals("host"))) {
            result = add(result, new NetworkRecord(RandomIds.hex64(), "host", "host", Instant.now(), null, null, null, false, Map.of(), Map.of()));
        }
        if (result.networks().stream().noneMatch(n -> n.name().equals("none"))) {
            result = add(result, new NetworkRecord(RandomIds.hex64(), "none", "null", Instant.now(), null, null, null, false, Map.of(), Map.of()));
        }
        return result;
    }

    private static NetworkState add(NetworkState state, NetworkRecord network) {
        List<NetworkRecord> networks = new ArrayList<>(state.networks());
        networks.add(network);
        return new NetworkState(networks, state.endpoints());
    }
}
