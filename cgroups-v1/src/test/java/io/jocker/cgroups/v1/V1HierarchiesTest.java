package io.jocker.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.Host;
import io.jocker.spi.Plugin;
import io.jocker.spi.Support;
import io.jocker.testing.cgroups.FakeCgroupTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V1HierarchiesTest {

    @TempDir
    Path root;

    private Host host() {
        return new Host(root, "6.18.0", 2);
    }

    @Test
    void joinedHierarchiesMapEachControllerToTheSharedMountPoint() {
        new FakeCgroupTree(root).mountinfo(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:7 - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

        V1Hierarchies hierarchies = V1Hierarchies.probe(host());

        Path cg = root.resolve("sys/fs/cgroup");
        assertEquals(Map.of("memory", cg.resolve("memory"), "cpu", cg.resolve("cpu,cpuacct"),
                "cpuacct", cg.resolve("cpu,cpuacct")), hierarchies.mounts());
        assertEquals(List.of("memory", "cpu", "cpuacct"), List.copyOf(hierarchies.mounts().keySet()));
    }

    @Test
    void containersSeeEachUsedHierarchyUnderItsHostNameWithALinkPerJoinedController() {
        new FakeCgroupTree(root).mountinfo(
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct,release_agent=/sbin/agent",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,xattr,memory",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd");

        assertEquals(List.of(new CgroupMount("memory", "cgroup", "xattr,memory", List.of()),
                new CgroupMount("cpu,cpuacct", "cgroup", "cpu,cpuacct", List.of("cpu", "cpuacct"))),
                V1Hierarchies.probe(host()).containerMounts(), "name=systemd has no cgroup of the container's: left out");
    }

    @Test
    void mountsOutsideTheCgroupRootOrOfASubdirectoryAreIgnored() {
        new FakeCgroupTree(root).mountinfo(
                "50 1 0:40 / /mnt/cg\\040memory rw - cgroup cgroup rw,memory",
                "51 1 0:41 /nested /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
                "52 1 0:42 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer");

        assertEquals(Map.of("freezer", root.resolve("sys/fs/cgroup/freezer")), V1Hierarchies.probe(host()).mounts());
    }

    @Test
    void escapedMountPointsAreDecoded() {
        new FakeCgroupTree(root).mountinfo("50 1 0:40 / /sys/fs/cgroup/my\\040memory rw - cgroup cgroup rw,memory");

        assertEquals(Map.of("memory", root.resolve("sys/fs/cgroup/my memory")), V1Hierarchies.probe(host()).mounts());
    }

    @Test
    void aPureV2HostIsNotSupportedAndSaysWhy() {
        new FakeCgroupTree(root).mountinfo("30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate");

        Support support = new CgroupV1DriverFactory().isSupported(host());

        assertFalse(support.supported());
        assertTrue(support.reason().startsWith("no cgroup v1 hierarchy (cpuset, memory, cpu, cpuacct, pids, freezer, "
                + "devices, blkio) is mounted under " + root.resolve("sys/fs/cgroup")), support.reason());
    }

    @Test
    void unreadableMountinfoMeansUnsupported() {
        assertFalse(new CgroupV1DriverFactory().isSupported(host()).supported());
    }

    @Test
    void v1RanksBelowV2ForAuto() {
        assertEquals("v1", new CgroupV1DriverFactory().name());
        assertEquals(50, new CgroupV1DriverFactory().priority());
    }

    @Test
    void serviceLoaderFindsThePluginAndItsFactory() {
        List<String> names = ServiceLoader.load(Plugin.class).stream()
                .flatMap(p -> p.get().cgroupDrivers().stream())
                .map(CgroupDriverFactory::name)
                .toList();
        assertEquals(List.of("v1"), names);
    }
}
