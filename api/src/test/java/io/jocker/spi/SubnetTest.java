package io.jocker.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubnetTest {

    @Test
    void parsesOnlyOneSpellingOfAnAddress() {
        assertEquals("172.17.0.2", Ipv4.parse("172.17.0.2").toString());
        assertEquals("255.255.255.255", Ipv4.parse("255.255.255.255").toString());
        for (String bad : new String[] {"172.17.0", "172.17.0.256", "172.017.0.1", "1.2.3.4.5", "a.b.c.d", "1..2.3", " 1.2.3.4", "", "1.2.3.-4"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad), bad);
        }
    }

    @Test
    void aSubnetKnowsItsEnds() {
        Subnet s = Subnet.parse("10.1.0.0/16");
        assertEquals(65536, s.size());
        assertEquals("10.1.255.255", s.broadcast().toString());
        assertTrue(s.contains(Ipv4.parse("10.1.200.3")));
        assertFalse(s.contains(Ipv4.parse("10.2.0.0")));
        Subnet tiny = Subnet.parse("192.168.5.4/30");
        assertEquals("192.168.5.7", tiny.broadcast().toString());
        assertEquals("0.0.0.0/0", Subnet.parse("0.0.0.0/0").toString());
        assertTrue(Subnet.parse("0.0.0.0/0").contains(Ipv4.parse("200.1.1.1")));
    }

    @Test
    void refusesWhatIsNoCidr() {
        for (String bad : new String[] {"10.1.2.3/16", "10.0.0.0/33", "10.0.0.0", "10.0.0.0/", "10.0.0.0/x", "300.0.0.0/8", "10.0.0.0/-1"}) {
            assertThrows(IllegalArgumentException.class, () -> Subnet.parse(bad), bad);
        }
    }

    @Test
    void overlapsBothWays() {
        Subnet big = Subnet.parse("10.0.0.0/8");
        Subnet small = Subnet.parse("10.20.0.0/16");
        assertTrue(big.overlaps(small));
        assertTrue(small.overlaps(big));
        assertTrue(big.encloses(small));
        assertFalse(small.encloses(big));
        assertFalse(Subnet.parse("10.0.0.0/30").overlaps(Subnet.parse("10.0.0.4/30")));
    }
}
