package io.jocker.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.spi.Endpoint;
import io.jocker.spi.Ipv4;
import io.jocker.spi.NetworkException;
import io.jocker.spi.NetworkSpec;
import io.jocker.spi.PortBinding;
import io.jocker.spi.Subnet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeNamingTest {

    private static final String NET = "ab".repeat(32);
    private static final String CONTAINER = "cd".repeat(32);

    private static NetworkSpec network(Map<String, String> options) {
        return new NetworkSpec(NET, "n", Subnet.parse("10.5.0.0/16"), Ipv4.parse("10.5.0.1"), false, options);
    }

    @Test
    void aBridgeIsNamedAfterItsNetworkUnlessAnOptionNamesIt() throws NetworkException {
        assertEquals("jk-abababababab", BridgeDriver.bridgeName(network(Map.of())));
        assertEquals("jocker0", BridgeDriver.bridgeName(network(Map.of(BridgeDriver.BRIDGE_NAME_OPTION, "jocker0"))));
    }

    @Test
    void aBridgeNameThatIsNoInterfaceNameIsRefused() {
        for (String bad : List.of("", "a-name-that-is-too-long", "../x", "a b", "x;y", "-x")) {
            assertThrows(NetworkException.class, () -> BridgeDriver.bridgeName(network(Map.of(BridgeDriver.BRIDGE_NAME_OPTION, bad))), bad);
        }
    }

    @Test
    void theHostEndOfAVethFitsAnInterfaceName() {
        Endpoint endpoint = new Endpoint(CONTAINER, "eth0", Ipv4.parse("10.5.0.2"), "02:42:0a:05:00:02", List.of());
        String name = BridgeDriver.hostInterface(network(Map.of()), endpoint);
        assertEquals("vjcdcdcdcababab", name);
        assertEquals(15, name.length());
    }

    @Test
    void publishedPortsBecomeMapElementsByHostAddressAndTheContainerMayReachItsOwn() {
        Endpoint endpoint = new Endpoint(CONTAINER, "eth0", Ipv4.parse("10.5.0.2"), "02:42:0a:05:00:02", List.of(
                new PortBinding("tcp", 80, "0.0.0.0", 8080), new PortBinding("udp", 53, "127.0.0.1", 5353)));
        assertEquals(List.of("self { 10.5.0.2 . 10.5.0.2 }", "tcp_any { 8080 : 10.5.0.2 . 80 }", "udp_host { 127.0.0.1 . 5353 : 10.5.0.2 . 53 }"),
                NftTable.portElements(endpoint));
        assertEquals("add element ip jocker tcp_any { 8080 : 10.5.0.2 . 80 }\n"
                + "delete element ip jocker tcp_any { 8080 : 10.5.0.2 . 80 }\n",
                NftTable.remove(List.of("tcp_any { 8080 : 10.5.0.2 . 80 }")));
        assertEquals(List.of(), NftTable.portElements(new Endpoint(CONTAINER, "eth0", Ipv4.parse("10.5.0.2"), "02:42:0a:05:00:02", List.of())));
    }
}
