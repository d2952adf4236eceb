package io.jocker.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CgroupStats;
import io.jocker.testing.cgroups.CgroupDriverContract;
import io.jocker.testing.cgroups.FakeCgroupTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The v1 driver on a fake hybrid host whose cpu and cpuacct share one hierarchy. */
class CgroupV1ContractTest extends CgroupDriverContract {

    private static final String CG = "sys/fs/cgroup/";
    private static final List<String> HIERARCHIES =
            List.of("cpuset", "cpu,cpuacct", "memory", "pids", "freezer", "devices", "blkio");

    @Override
    protected void buildFakeTree(FakeCgroupTree tree, Set<String> controllers) {
        List<String> mountinfo = new ArrayList<>();
        mountinfo.add("25 1 0:23 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755");
        mountinfo.add("26 25 0:24 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
        int id = 30;
        for (String hierarchy : HIERARCHIES) {
            if (controllers.containsAll(List.of(hierarchy.split(",")))) {
                mountinfo.add(id++ + " 25 0:" + id + " / /sys/fs/cgroup/" + hierarchy
                        + " rw,nosuid - cgroup cgroup rw," + hierarchy);
                tree.file(CG + hierarchy + "/cgroup.procs", "");
            }
        }
        mountinfo.add("40 25 0:40 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd");
        tree.mountinfo(mountinfo.toArray(String[]::new));
        tree.file(CG + "cpuset/cpuset.cpus", "0-1\n").file(CG + "cpuset/cpuset.mems", "0\n");
        tree.file(CG + "memory/memory.memsw.limit_in_bytes", "9223372036854771712\n");
        tree.file(CG + "unified/cgroup.controllers", "");
    }

    @Override
    protected CgroupDriverFactory factory() {
        return new CgroupV1DriverFactory();
    }

    private static String dir(String hierarchy, String id) {
        return CG + hierarchy + "/jocker/" + id;
    }

    @Override
    protected List<String> cgroupDirs(String id) {
        return HIERARCHIES.stream().map(h -> dir(h, id)).toList();
    }

    @Override
    protected Set<String> filesWithoutLimits(String id) {
        return Set.of(dir("cpuset", id) + "/cpuset.cpus", dir("cpuset", id) + "/cpuset.mems",
                dir("devices", id) + "/devices.deny", dir("devices", id) + "/devices.allow");
    }

    @Override
    protected Map<String, String> expectedLimitFiles(String id) {
        return Map.of(
                dir("memory", id) + "/memory.limit_in_bytes", "67108864",
                dir("memory", id) + "/memory.memsw.limit_in_bytes", "134217728",
                dir("memory", id) + "/memory.soft_limit_in_bytes", "33554432",
                dir("cpu,cpuacct", id) + "/cpu.shares", "512",
                dir("cpu,cpuacct", id) + "/cpu.cfs_period_us", "100000",
                dir("cpu,cpuacct", id) + "/cpu.cfs_quota_us", "50000",
                dir("cpuset", id) + "/cpuset.cpus", "0",
                dir("cpuset", id) + "/cpuset.mems", "0",
                dir("pids", id) + "/pids.max", "10");
    }

    @Override
    protected Map<String, String> expectedUpdateFiles(String id) {
        return Map.of(
                dir("memory", id) + "/memory.limit_in_bytes", "50331648",
                dir("memory", id) + "/memory.memsw.limit_in_bytes", "100663296",
                dir("cpu,cpuacct", id) + "/cpu.cfs_quota_us", "25000",
                dir("pids", id) + "/pids.max", "20");
    }

    @Override
    protected Map<String, String> expectedFreezerFiles(String id, boolean frozen) {
        return Map.of(dir("freezer", id) + "/freezer.state", frozen ? "FROZEN" : "THAWED");
    }

    /** The v1 freezer reports its state in the file that is written. */
    @Override
    protected void kernelReportsFrozen(String id, boolean frozen) {}

    @Override
    protected CgroupStats simulateUsage(String id) {
        tree.file(dir("cpu,cpuacct", id) + "/cpuacct.usage", "123456789\n");
        tree.file(dir("memory", id) + "/memory.usage_in_bytes", "10485760\n");
        tree.file(dir("memory", id) + "/memory.stat", "cache 4194304\nrss 6291456\ntotal_inactive_file 2097152\n");
        tree.file(dir("pids", id) + "/pids.current", "3\n");
        tree.file(dir("blkio", id) + "/blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 512\n"
                + "8:0 Sync 4608\n8:0 Total 4608\n8:16 Read 1024\n8:16 Write 0\nTotal 5632\n");
        return new CgroupStats(123456789, 10485760 - 2097152, 64 * MB, 3, 4096 + 1024, 512);
    }

    @Override
    protected void simulateOomKill(String id) {
        tree.file(dir("memory", id) + "/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    }

    /** A file where the pids hierarchy's jocker/ directory should be: fails after cpuset, memory and cpu were made. */
    @Override
    protected void breakTree(String id) {
        tree.file(CG + "pids/jocker", "not a directory");
    }

    @Test
    void reportsItsCgroupVersionForInfo() {
        assertEquals("1", driver().cgroupVersion());
    }
}
