package io.jocker.engine.network;

import io.jocker.spi.PortBinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.json.Json;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.linux.ProcStat;
import io.jocker.spi.Endpoint;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import io.jocker.spi.NetworkDriver;
import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.NetworkSpec;
import io.jocker.spi.Plugin;
import io.jocker.spi.Support;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkServiceTest {

    private static final String C1 = "1".repeat(64);
    private static final String C2 = "2".repeat(64);
    /** A PID no process has (above Linux's pid_max). */
    private static final long DEAD_PID = 999_999_999L;

    @TempDir
    Path root;

    private final NetworkDriver driver = mock(NetworkDriver.class);
    private NetworkService service;
    private long pid;
    private long startTime;

    @BeforeEach
    void setUp() throws Exception {
        NetworkDriverFactory factory = mock(NetworkDriverFactory.class);
        when(factory.name()).thenReturn("bridge");
        when(factory.isSupported(any())).thenReturn(Support.yes());
        when(factory.create(any())).thenReturn(driver);
        Plugin plugin = new Plugin() {
            @Override
            public List<NetworkDriverFactory> networkDrivers() {
                return List.of(factory);
            }
        };
        Drivers drivers = new Drivers(new DriverCatalog(List.of(new LoadedPlugin(Path.of("test"), "test.jar", plugin))),
                new Host(root, "6.18", 2), Map.of(), kind -> root, () -> mock(KernelOps.class));
        service = new NetworkService(new NetworkStore(root.resolve("network"), Json.newMapper()), drivers, new Host(root, "6.18", 2));
        pid = ProcessHandle.current().pid();
        startTime = ProcStat.startTime(pid).orElseThrow();
    }

    private static CreateNetworkRequest request(String name, String subnet, String gateway) {
        return new CreateNetworkRequest(name, "bridge", subnet, gateway, null, false, Map.of(), Map.of());
    }

    private static ConnectRequest join(String container, String network) {
        return new ConnectRequest(container, "c" + container.charAt(0), network, "eth0", null, null, List.of(), List.of());
    }

    @Test
    void thePredefinedNetworksExistAndCannotBeRemoved() {
        List<String> names = service.list().stream().map(NetworkRecord::name).toList();
        assertEquals(List.of("bridge", "host", "none"), names);
        NetworkRecord bridge = service.find("bridge");
        assertEquals("172.17.0.0/16", bridge.subnet());
        assertEquals("172.17.0.1", bridge.gateway());
        assertEquals(service.list(), service.list(), "made once");
        assertThrows(InvalidRequestException.class, () -> service.remove("bridge"));
        assertThrows(NetworkConfigException.class, () -> service.create(request("host", null, null)));
    }

    @Test
    void badSettingsCreateNothing() throws Exception {
        service.create(request("taken", "10.50.0.0/16", null));
        for (CreateNetworkRequest bad : List.of(request("n", "10.0.0.0/33", null), request("n", "10.0.0.1/8", null),
                request("n", "10.60.0.0/16", "10.61.0.1"), request("n", "10.50.3.0/24", null), request("taken", "10.70.0.0/16", null),
                request("bad name", null, null), request("n", null, "10.0.0.1"))) {
            assertThrows(NetworkConfigException.class, () -> service.create(bad), bad.toString());
        }
        assertEquals(4, service.list().size());
        verify(driver, org.mockito.Mockito.times(1)).createNetwork(any());
    }

    @Test
    void aDriverThatFailsLeavesNoNetwork() throws Exception {
        org.mockito.Mockito.doThrow(new io.jocker.spi.NetworkException("no bridge")).when(driver).createNetwork(any());
        assertThrows(RuntimeException.class, () -> service.create(request("n", null, null)));
        assertThrows(NoSuchNetworkException.class, () -> service.find("n"));
    }

    @Test
    void aUserNetworkTakesTheNextFreePool() {
        service.list();
        assertEquals("172.18.0.0/16", service.create(request("a", null, null)).subnet());
    }

    @Test
    void connectingAllocatesDistinctAddressesAndReleasingFreesThem() throws Exception {
        EndpointRecord first = service.connect(join(C1, "bridge"), pid, startTime);
        EndpointRecord second = service.connect(join(C2, "bridge"), pid, startTime);
        assertEquals("172.17.0.2", first.address());
        assertEquals("172.17.0.3", second.address());
        assertEquals("02:42:ac:11:00:02", first.macAddress());
        verify(driver, org.mockito.Mockito.times(2)).connect(any(NetworkSpec.class), any(Endpoint.class), org.mockito.ArgumentMatchers.eq(pid));
        assertThrows(InvalidRequestException.class, () -> service.connect(join(C1, "bridge"), pid, startTime));
        service.release(C1);
        verify(driver).disconnect(any(), any());
        assertEquals(List.of(second), service.endpointsOf(C2));
        assertEquals(List.of(), service.endpointsOf(C1));
        assertEquals("172.17.0.2", service.connect(join(C1, "bridge"), pid, startTime).address(), "reused once released");
    }

    @Test
    void theAddressOfAContainerWhoseProcessDiedIsReclaimed() throws Exception {
        service.connect(join(C1, "bridge"), DEAD_PID, 1);
        verify(driver, never()).disconnect(any(), any());
        EndpointRecord next = service.connect(join(C2, "bridge"), pid, startTime);
        assertEquals("172.17.0.2", next.address());
        verify(driver).disconnect(any(), any());
    }

    @Test
    void aNetworkInUseCannotBeRemovedUntilItsContainerIsGone() {
        service.create(request("used", "10.80.0.0/24", null));
        service.connect(join(C1, "used"), pid, startTime);
        assertThrows(InvalidRequestException.class, () -> service.remove("used"));
        assertEquals(List.of(), service.prune(io.jocker.engine.filter.Filters.NONE, java.time.Instant.now()));
        service.release(C1);
        service.remove("used");
        assertThrows(NoSuchNetworkException.class, () -> service.find("used"));
    }

    @Test
    void aClashingAliasOrHostPortIsRefusedAndLeavesNothing() {
        service.create(request("app", "10.90.0.0/24", null));
        List<PortBinding> web = List.of(new PortBinding("tcp", 80, "0.0.0.0", 18080));
        service.connect(new ConnectRequest(C1, "one", "app", "eth0", null, null, List.of("db"), web), pid, startTime);
        assertThrows(NetworkConfigException.class, () -> service.connect(
                new ConnectRequest(C2, "two", "app", "eth0", null, null, List.of("db"), List.of()), pid, startTime));
        NetworkConfigException port = assertThrows(NetworkConfigException.class, () -> service.connect(
                new ConnectRequest(C2, "two", "app", "eth0", null, null, List.of(),
                        List.of(new PortBinding("tcp", 80, "127.0.0.1", 18080))), pid, startTime));
        assertTrue(port.getMessage().contains("port is already allocated"), port.getMessage());
        assertEquals(List.of(), service.endpointsOf(C2));
        EndpointRecord udp = service.connect(new ConnectRequest(C2, "two", "app", "eth0", null, null, List.of(),
                List.of(new PortBinding("udp", 53, "0.0.0.0", 18080))), pid, startTime);
        assertEquals(18080, udp.ports().get(0).hostPort(), "another protocol does not clash");
    }

    @Test
    void concurrentConnectsNeverShareAnAddress() throws Exception {
        service.create(request("busy", "10.100.0.0/24", null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<EndpointRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("%064x", i + 1);
            futures.add(pool.submit(() -> service.connect(join(id, "busy"), pid, startTime)));
        }
        List<String> addresses = Collections.synchronizedList(new ArrayList<>());
        for (Future<EndpointRecord> f : futures) {
            addresses.add(f.get().address());
        }
        pool.shutdown();
        assertEquals(40, new HashSet<>(addresses).size(), addresses.toString());
        assertNotEquals(null, service.find("busy"));
    }
}
