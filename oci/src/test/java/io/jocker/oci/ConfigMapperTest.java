package io.jocker.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.Stdio;
import io.jocker.spi.Ulimit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path bundle;

    private ObjectNode config;
    private final AtomicReference<Set<String>> seccompCapabilities = new AtomicReference<>();
    private final ConfigMapper mapper = new ConfigMapper((profile, capabilities) -> {
        seccompCapabilities.set(capabilities);
        return new byte[] {1, 2, 3};
    });

    @BeforeEach
    void defaultConfig() throws IOException {
        Files.createDirectory(bundle.resolve("rootfs"));
        try (InputStream in = SpecCommand.class.getResourceAsStream(SpecCommand.DEFAULT_CONFIG)) {
            config = (ObjectNode) JSON.readTree(in);
        }
    }

    private ContainerPlan map() throws OciException {
        return mapper.map("c1", bundle, new BundleReader(JSON).parse(config.toString().getBytes(), "config.json"));
    }

    private OciException refused() {
        return assertThrows(OciException.class, this::map);
    }

    @Test
    void theDefaultSpecMapsOntoTheSpi() throws OciException {
        ContainerPlan plan = map();
        ContainerSpec spec = plan.spec();
        assertEquals(bundle.resolve("rootfs"), spec.rootfs());
        assertEquals(List.of("sh"), spec.process().args());
        assertEquals("/", spec.process().cwd());
        assertEquals("jocker", spec.hostname());
        assertTrue(spec.readOnlyRootfs());
        assertEquals(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), spec.security().capabilities());
        assertTrue(spec.security().noNewPrivileges());
        assertEquals(List.of(new Ulimit("nofile", 1024, 1024)), spec.security().ulimits());
        assertTrue(spec.security().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.security().readonlyPaths().contains("/proc/sys"));
        assertEquals(Map.of(), spec.sharedNamespaces(), "every namespace is new");
        // The isolator makes /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys and /sys/fs/cgroup itself.
        assertEquals(List.of(), spec.mounts());
        assertNull(plan.resources().deviceRules(), "deny all is the drivers' default");
        assertEquals(0, spec.security().seccompFilter().length);
    }

    @Test
    void unknownFieldsAreAccepted() throws OciException {
        config.put("vendorExtension", "x");
        ((ObjectNode) config.get("process")).putObject("scheduler").put("policy", "SCHED_OTHER");
        assertEquals(List.of("sh"), map().spec().process().args());
    }

    @Test
    void anOmittedNamespaceIsTheHostsAndAPathJoinsAProcesssNamespace() throws OciException {
        ArrayNode namespaces = linux().putArray("namespaces");
        namespaces.addObject().put("type", "mount");
        namespaces.addObject().put("type", "pid");
        namespaces.addObject().put("type", "network").put("path", "/proc/4242/ns/net");
        assertEquals(Map.of("net", 4242L, "ipc", 0L, "uts", 0L, "cgroup", 0L), map().spec().sharedNamespaces());
    }

    @Test
    void namespacesTheIsolatorCannotMakeOrJoinAreRefused() {
        linux().putArray("namespaces").addObject().put("type", "mount");
        ((ArrayNode) linux().get("namespaces")).addObject().put("type", "user");
        assertTrue(refused().getMessage().contains("user namespace is not supported"));
        ArrayNode namespaces = linux().putArray("namespaces");
        namespaces.addObject().put("type", "mount");
        namespaces.addObject().put("type", "network").put("path", "/var/run/netns/x");
        assertTrue(refused().getMessage().contains("only paths of the form /proc/PID/ns/net"));
        linux().putArray("namespaces").addObject().put("type", "pid");
        assertTrue(refused().getMessage().contains("must include a mount namespace"));
    }

    @Test
    void cgroupsPathIsUnderJockerWhenRelativeAsGivenWhenAbsoluteAndJockerIdWhenAbsent() throws OciException {
        assertEquals("jocker/c1", ConfigMapper.cgroupPath("c1", null));
        assertEquals("jocker/c1", ConfigMapper.cgroupPath("c1", ""));
        assertEquals("jocker/pod1/c1", ConfigMapper.cgroupPath("c1", "/jocker/pod1/c1"));
        assertEquals("kubepods/besteffort/c1", ConfigMapper.cgroupPath("c1", "/kubepods/besteffort/c1"));
        assertEquals("jocker/pod1/c1", ConfigMapper.cgroupPath("c1", "pod1/c1"));
        for (String hostile : List.of("/../etc", "/jocker//c1", "/jocker/c1/", "/", "pod/../../x", "/jocker/.hidden")) {
            assertTrue(assertThrows(OciException.class, () -> ConfigMapper.cgroupPath("c1", hostile)).getMessage()
                    .startsWith("linux.cgroupsPath: invalid cgroup path"), hostile);
        }
        assertTrue(assertThrows(OciException.class, () -> ConfigMapper.cgroupPath("c1", "system.slice:jocker:c1")).getMessage()
                .contains("systemd path"));
    }

    @Test
    void aTerminalIsAPseudoTerminalOfTheConsoleSizeAndOtherwiseTheCallersStdio() throws OciException {
        assertEquals(Stdio.inherit(), map().spec().stdio());
        ((ObjectNode) config.get("process")).put("terminal", true).putObject("consoleSize").put("height", 33).put("width", 101);
        assertEquals(Stdio.terminal(33, 101), map().spec().stdio());
        ((ObjectNode) config.get("process")).remove("consoleSize");
        assertEquals(Stdio.terminal(0, 0), map().spec().stdio());
    }

    @Test
    void whatTheSpiCannotExpressIsRefusedInOneLine() {
        linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
        assertTrue(refused().getMessage().contains("uidMappings"));
        linux().remove("uidMappings");
        config.putObject("hooks").putArray("createContainer").addObject().put("path", "/bin/true");
        assertTrue(refused().getMessage().contains("createContainer and startContainer hooks"));
        config.remove("hooks");
        ((ObjectNode) config.get("process")).put("terminal", true).putObject("consoleSize").put("height", 70000).put("width", 80);
        assertTrue(refused().getMessage().contains("process.consoleSize.height 70000 is out of range"));
        ((ObjectNode) config.get("process")).put("terminal", false);
        ((ObjectNode) linux().get("resources")).putObject("blockIO").put("weight", 10);
        assertTrue(refused().getMessage().contains("blockIO"));
        ((ObjectNode) linux().get("resources")).remove("blockIO");
        ((ObjectNode) config.get("process").get("capabilities")).putArray("effective").add("CAP_KILL");
        assertTrue(refused().getMessage().contains("effective differs from the bounding set"));
        for (String message : List.of(refused().getMessage())) {
            assertTrue(!message.contains("\n") && !message.contains("Exception"), message);
        }
    }

    @Test
    void resourcesMapOntoTheCgroupDriversLimits() throws OciException {
        ObjectNode resources = (ObjectNode) linux().get("resources");
        resources.putObject("memory").put("limit", 64L << 20).put("reservation", 32L << 20).put("swap", 128L << 20);
        resources.putObject("cpu").put("shares", 512).put("quota", 50000).put("period", 100000).put("cpus", "0");
        resources.putObject("pids").put("limit", 20);
        ((ArrayNode) resources.get("devices")).addObject().put("allow", true).put("type", "c").put("major", 1).put("minor", 3)
                .put("access", "rw");
        Resources mapped = map().resources();
        assertEquals(64L << 20, mapped.memory());
        assertEquals(32L << 20, mapped.memoryReservation());
        assertEquals(128L << 20, mapped.memorySwap());
        assertEquals(512L, mapped.cpuShares());
        assertEquals(50000L, mapped.cpuQuota());
        assertEquals(100000L, mapped.cpuPeriod());
        assertEquals("0", mapped.cpusetCpus());
        assertEquals(20L, mapped.pidsLimit());
        assertEquals(List.of("c 1:3 rw"), mapped.deviceRules());
        ((ArrayNode) resources.get("devices")).addObject().put("allow", false).put("type", "c").put("major", 1);
        assertTrue(refused().getMessage().contains("only a first rule denying every device can deny"));
    }

    @Test
    void bindSourcesAreRelativeToTheBundleAndOtherMountsPassAsGiven() throws OciException {
        ArrayNode mounts = (ArrayNode) config.get("mounts");
        mounts.addObject().put("destination", "/data/../srv").put("type", "bind").put("source", "shared")
                .putArray("options").add("rbind").add("ro");
        mounts.addObject().put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs").putArray("options").add("size=1m");
        List<Mount> mapped = map().spec().mounts();
        assertEquals(new Mount("bind", bundle.resolve("shared").toString(), "/srv", List.of("rbind", "ro")), mapped.get(0));
        assertEquals(new Mount("tmpfs", "tmpfs", "/tmp", List.of("size=1m")), mapped.get(1));
    }

    @Test
    void theSeccompProfileIsCompiledForTheKeptCapabilities() throws OciException {
        linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        assertArrayEquals(new byte[] {1, 2, 3}, map().spec().security().seccompFilter());
        assertEquals(Set.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), seccompCapabilities.get());
    }

    @Test
    void userRlimitsSysctlsAndDevicesArePassedOn() throws OciException {
        ObjectNode process = (ObjectNode) config.get("process");
        process.putObject("user").put("uid", 1000).put("gid", 100).putArray("additionalGids").add(5);
        process.put("oomScoreAdj", 300);
        linux().putObject("sysctl").put("net.ipv4.ip_forward", "1");
        linux().putArray("devices").addObject().put("path", "/dev/fuse").put("type", "c").put("major", 10).put("minor", 229)
                .put("fileMode", 0600);
        ContainerSpec spec = map().spec();
        assertEquals(1000, spec.process().user().uid());
        assertEquals(List.of(5), spec.process().user().additionalGids());
        assertEquals(300, spec.security().oomScoreAdj());
        assertEquals(Map.of("net.ipv4.ip_forward", "1"), spec.sysctls());
        assertEquals('c', spec.devices().get(0).type());
        assertEquals(229, spec.devices().get(0).minor());
    }

    private ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }
}
