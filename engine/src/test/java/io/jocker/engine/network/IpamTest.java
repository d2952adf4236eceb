package io.jocker.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Ipv4;
import io.jocker.spi.Subnet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {

    @Test
    void aSlash30HasRoomForOneContainer() {
        Subnet subnet = Subnet.parse("10.9.0.0/30");
        Ipv4 gateway = Ipam.defaultGateway(subnet);
        assertEquals("10.9.0.1", gateway.toString());
        Ipv4 only = Ipam.allocate("n", subnet, gateway, subnet, Set.of(), null);
        assertEquals("10.9.0.2", only.toString());
        NetworkConfigException full = assertThrows(NetworkConfigException.class,
                () -> Ipam.allocate("n", subnet, gateway, subnet, Set.of(only), null));
        assertTrue(full.getMessage().contains("no available IPv4 addresses"), full.getMessage());
    }

    @Test
    void aSlash16HandsOutEveryAddressButTheNetworkGatewayAndBroadcast() {
        Subnet subnet = Subnet.parse("10.20.0.0/16");
        Ipv4 gateway = Ipv4.parse("10.20.128.1");
        assertEquals(Ipv4.parse("10.20.0.1"), Ipam.allocate("n", subnet, gateway, subnet, Set.of(), null));
        // Every address taken but three, the last of the subnet among them: those come out in order, then none.
        List<Ipv4> free = List.of(Ipv4.parse("10.20.0.5"), Ipv4.parse("10.20.128.2"), Ipv4.parse("10.20.255.254"));
        Set<Ipv4> taken = new HashSet<>();
        for (long i = 0; i < subnet.size(); i++) {
            taken.add(subnet.network().plus(i));
        }
        taken.removeAll(free);
        for (Ipv4 expected : free) {
            Ipv4 address = Ipam.allocate("n", subnet, gateway, subnet, taken, null);
            assertEquals(expected, address);
            taken.add(address);
        }
        assertThrows(NetworkConfigException.class, () -> Ipam.allocate("n", subnet, gateway, subnet, taken, null));
        taken.remove(subnet.network());
        taken.remove(subnet.broadcast());
        taken.remove(gateway);
        assertThrows(NetworkConfigException.class, () -> Ipam.allocate("n", subnet, gateway, subnet, taken, null),
                "never the network, gateway or broadcast address");
    }

    @Test
    void anIpRangeLimitsWhereAddressesComeFrom() {
        Subnet subnet = Subnet.parse("10.30.0.0/24");
        Subnet range = Subnet.parse("10.30.0.128/25");
        assertEquals("10.30.0.128", Ipam.allocate("n", subnet, Ipv4.parse("10.30.0.1"), range, Set.of(), null).toString());
    }

    @Test
    void aRequestedAddressMustBeInTheSubnetAndFree() {
        Subnet subnet = Subnet.parse("10.40.0.0/24");
        Ipv4 gateway = Ipv4.parse("10.40.0.1");
        assertEquals("10.40.0.9", Ipam.allocate("n", subnet, gateway, subnet, Set.of(), Ipv4.parse("10.40.0.9")).toString());
        for (String bad : List.of("10.41.0.9", "10.40.0.0", "10.40.0.1", "10.40.0.255")) {
            assertThrows(NetworkConfigException.class, () -> Ipam.allocate("n", subnet, gateway, subnet, Set.of(), Ipv4.parse(bad)), bad);
        }
        assertThrows(NetworkConfigException.class,
                () -> Ipam.allocate("n", subnet, gateway, subnet, Set.of(Ipv4.parse("10.40.0.9")), Ipv4.parse("10.40.0.9")));
    }

    @Test
    void aDefaultPoolAvoidsWhatIsInUse() {
        assertEquals("172.17.0.0/16", Ipam.choosePool(List.of()).toString());
        assertEquals("172.19.0.0/16", Ipam.choosePool(List.of(Subnet.parse("172.17.5.0/24"), Subnet.parse("172.18.0.0/16"))).toString());
        assertEquals("192.168.0.0/20", Ipam.choosePool(List.of(Subnet.parse("172.16.0.0/12"))).toString());
    }

    @Test
    void macAddressesFollowDockersScheme() {
        assertEquals("02:42:ac:11:00:02", MacAddresses.of(Ipv4.parse("172.17.0.2")));
        assertEquals("02:42:ac:11:00:0a", MacAddresses.validate("02-42-AC-11-00-0A"));
        assertThrows(NetworkConfigException.class, () -> MacAddresses.validate("01:00:5e:00:00:01"));
        assertThrows(NetworkConfigException.class, () -> MacAddresses.validate("02:42:ac:11:00"));
    }
}
