package io.jocker.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CgroupStats;
import io.jocker.testing.cgroups.CgroupDriverContract;
import io.jocker.testing.cgroups.FakeCgroupTree;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The v2 driver on a fake unified host. */
class CgroupV2ContractTest extends CgroupDriverContract {

    private static final String CG = "sys/fs/cgroup/";
    private static final List<String> V2_CONTROLLERS = List.of("cpuset", "cpu", "io", "memory", "pids");

    @Override
    protected void buildFakeTree(FakeCgroupTree tree, Set<String> controllers) {
        String offered = String.join(" ", V2_CONTROLLERS.stream().filter(controllers::contains).toList());
        tree.mountinfo("30 1 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate");
        tree.file(CG + "cgroup.controllers", offered + "\n").file(CG + "cgroup.subtree_control", "\n");
        tree.file(CG + "cpuset.cpus.effective", "0-1\n").file(CG + "cpuset.mems.effective", "0\n");
        // The kernel fills a new cgroup with files; the fake's jocker/ is made up front instead.
        tree.file(CG + "jocker/cgroup.controllers", offered + "\n").file(CG + "jocker/cgroup.subtree_control", "\n");
    }

    @Override
    protected CgroupDriverFactory factory() {
        return new CgroupV2DriverFactory();
    }

    private static String dir(String id) {
        return CG + "jocker/" + id;
    }

    @Override
    protected List<String> cgroupDirs(String id) {
        return List.of(dir(id));
    }

    @Override
    protected Set<String> filesWithoutLimits(String id) {
        return Set.of();
    }

    @Override
    protected Map<String, String> expectedLimitFiles(String id) {
        return Map.of(
                dir(id) + "/memory.max", "67108864",
                dir(id) + "/memory.swap.max", "67108864",
                dir(id) + "/memory.low", "33554432",
                dir(id) + "/cpu.weight", "20",
                dir(id) + "/cpu.max", "50000 100000",
                dir(id) + "/cpuset.cpus", "0",
                dir(id) + "/cpuset.mems", "0",
                dir(id) + "/pids.max", "10");
    }

    @Override
    protected Map<String, String> expectedUpdateFiles(String id) {
        return Map.of(
                dir(id) + "/memory.max", "50331648",
                dir(id) + "/memory.swap.max", "50331648",
                dir(id) + "/cpu.max", "25000 100000",
                dir(id) + "/pids.max", "20");
    }

    @Override
    protected Map<String, String> expectedFreezerFiles(String id, boolean frozen) {
        return Map.of(dir(id) + "/cgroup.freeze", frozen ? "1" : "0");
    }

    /** v2 reports the settled state in cgroup.events, which the driver waits for. */
    @Override
    protected void kernelReportsFrozen(String id, boolean frozen) {
        tree.file(dir(id) + "/cgroup.events", "populated 0\nfrozen " + (frozen ? 1 : 0) + "\n");
    }

    @Override
    protected CgroupStats simulateUsage(String id) {
        tree.file(dir(id) + "/cpu.stat", "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n");
        tree.file(dir(id) + "/memory.current", "10485760\n");
        tree.file(dir(id) + "/memory.stat", "anon 6291456\nfile 4194304\ninactive_file 2097152\nactive_file 2097152\n");
        tree.file(dir(id) + "/pids.current", "3\n");
        tree.file(dir(id) + "/io.stat", "8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n"
                + "8:16 rbytes=1024 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
        return new CgroupStats(123_456_000, 10485760 - 2097152, 64 * MB, 3, 4096 + 1024, 512);
    }

    @Override
    protected void simulateOomKill(String id) {
        tree.file(dir(id) + "/memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n");
    }

    /** jocker/ is no cgroup (as on a tmpfs): creation must stop before making the container's cgroup. */
    @Override
    protected void breakTree(String id) {
        tree.delete(CG + "jocker/cgroup.controllers");
    }

    @Test
    void reportsItsCgroupVersionForInfo() {
        assertEquals("2", driver().cgroupVersion());
    }
}
