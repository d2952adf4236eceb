package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.DeviceMapping;
import io.jocker.spi.DeviceNode;
import io.jocker.spi.HostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --device and --device-cgroup-rule as Docker's client reads them, and the host's node looked up at start. */
class ContainerDevicesTest {

    @Test
    void flagFormsAsDockersClientReadsThem() {
        assertEquals(new DeviceMapping("/dev/a", "/dev/a", "rwm"), ContainerDevices.parseFlag("/dev/a"));
        assertEquals(new DeviceMapping("/dev/a", "/dev/a", "r"), ContainerDevices.parseFlag("/dev/a:r"));
        assertEquals(new DeviceMapping("/dev/a", "/dev/b", "rwm"), ContainerDevices.parseFlag("/dev/a:/dev/b"));
        assertEquals(new DeviceMapping("/dev/a", "/dev/b", "mw"), ContainerDevices.parseFlag("/dev/a:/dev/b:mw"));
        assertRefused("a:b:c:d", "bad format for path: a:b:c:d");
        assertRefused(":/dev/b", "bad format for path: :/dev/b");
        assertRefused("/dev/a:/dev/b:rr", "bad mode specified: rr");
        assertRefused("/dev/a:b", "b is not an absolute path");
        assertEquals("c *:* rwm", ContainerDevices.parseRuleFlag("c *:* rwm"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ContainerDevices.parseRuleFlag("c 1:3 x"));
        assertEquals("invalid argument \"c 1:3 x\" for \"--device-cgroup-rule\" flag: invalid device cgroup format 'c 1:3 x'",
                e.getMessage());
    }

    @Test
    void hostNodesBecomeNodesAndRulesAndPrivilegedMayUseEverything() {
        HostConfig host = HostConfig.builder().devices(List.of(new DeviceMapping("/dev/null", "/dev/x", "rw")))
                .deviceCgroupRules(List.of("b 7:0 r")).build();
        ContainerDevices devices = ContainerDevices.of(host);
        assertEquals(List.of(new DeviceNode("/dev/x", 'c', 1, 3, 0666, 0, 0)), devices.nodes());
        assertEquals(List.of("c 1:3 rw", "b 7:0 r"), devices.rules());
        assertEquals(List.of("a *:* rwm"), ContainerDevices.of(host.toBuilder().privileged(true).build()).rules());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ContainerDevices.of(
                HostConfig.builder().devices(List.of(new DeviceMapping("/etc/hostname", "/dev/x", "rw"))).build()));
        assertEquals("error gathering device information while adding custom device \"/etc/hostname\": not a device node",
                e.getMessage());
    }

    private static void assertRefused(String flag, String reason) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ContainerDevices.parseFlag(flag));
        assertEquals("invalid argument \"" + flag + "\" for \"--device\" flag: " + reason, e.getMessage());
    }
}
