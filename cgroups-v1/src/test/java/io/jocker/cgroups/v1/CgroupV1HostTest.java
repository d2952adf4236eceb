package io.jocker.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Resources;
import io.jocker.testing.cgroups.CgroupLeaks;
import io.jocker.testing.cgroups.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1 driver against this host's real cgroup v1 hierarchies, as root. */
class CgroupV1HostTest {

    private static final long MB = 1024 * 1024;

    private final Host host = Host.current();
    private final String id = CgroupLeaks.testId();
    private final List<TestProcess> started = new ArrayList<>();
    private CgroupDriver driver;
    private ContainerCgroup cgroup;

    @BeforeEach
    void requireRootAndV1() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create cgroups");
        assumeTrue(new CgroupV1DriverFactory().isSupported(host).supported(),
                () -> new CgroupV1DriverFactory().isSupported(host).reason());
        assumeTrue(TestProcess.busyboxAvailable(), "needs busybox-static at " + TestProcess.BUSYBOX);
        driver = new CgroupV1DriverFactory().create(new DriverContext(host, Path.of("/nonexistent"), null, Map.of()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (cgroup != null) {
            cgroup.killAll();
            cgroup.destroy();
        }
        for (TestProcess process : started) {
            process.close();
            assertFalse(process.isAlive(), "process " + process.pid() + " survived");
        }
        CgroupLeaks.assertNoCgroup(host.cgroupRoot(), id);
    }

    private TestProcess startInCgroup(Resources resources, String script) throws Exception {
        cgroup = driver.create(id, resources);
        TestProcess process = TestProcess.start(script);
        started.add(process);
        cgroup.addProcess(process.pid());
        process.go();
        return process;
    }

    private Path dir(String hierarchy) {
        return host.cgroupRoot().resolve(hierarchy).resolve("jocker").resolve(id);
    }

    @Test
    void memoryLimitOomKillsAnAllocatingProcess() throws Exception {
        // memory+swap = memory: no swapping instead of the OOM kill, where swap accounting exists.
        Resources limits = Resources.builder().memory(32 * MB).memorySwap(32 * MB).build();
        TestProcess process = startInCgroup(limits,
                "x=$(/usr/bin/busybox head -c 67108864 /dev/zero | /usr/bin/busybox tr '\\0' a); echo survived");

        assertEquals(128 + 9, process.waitFor(60), "exit status of an OOM-killed process");
        assertTrue(cgroup.oomKilled());
        assertEquals(Long.toString(32 * MB), Files.readString(dir("memory").resolve("memory.limit_in_bytes")).trim());
        Path memsw = dir("memory").resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
            assertEquals(Long.toString(32 * MB), Files.readString(memsw).trim());
        }
    }

    /** busybox sh gives up at its first failed fork, leaving the nine children it had forked. */
    @Test
    void pidsLimitStopsAForkLoop() throws Exception {
        Resources limits = Resources.builder().pidsLimit(10L).build();
        TestProcess process = startInCgroup(limits,
                "i=0; while [ $i -lt 30 ]; do /usr/bin/busybox sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo forked all");

        assertNotEquals(0, process.waitFor(20));
        assertEquals(9, cgroup.processes().size());
        assertEquals(9, cgroup.stats().pids());
        String output = process.output();
        assertTrue(output.contains("can't fork") && !output.contains("forked all"), output);
        assertNotEquals("max 0", Files.readString(dir("pids").resolve("pids.events")).trim(), "forks refused");
    }

    @Test
    void cpusetCpusRestrictsTheProcess() throws Exception {
        Resources limits = Resources.builder().cpusetCpus("0").build();
        TestProcess process = startInCgroup(limits, "/usr/bin/busybox sleep 30");

        String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
        assertTrue(status.contains("Cpus_allowed_list:\t0\n"), status);
    }

    @Test
    void cpusWritesQuotaAndPeriod() throws Exception {
        cgroup = driver.create(id, Resources.builder().cpuPeriod(100_000L).cpuQuota(50_000L).build());

        assertEquals("50000", Files.readString(dir("cpu").resolve("cpu.cfs_quota_us")).trim());
        assertEquals("100000", Files.readString(dir("cpu").resolve("cpu.cfs_period_us")).trim());
    }

    @Test
    void freezeStopsProgressAndThawResumesIt() throws Exception {
        TestProcess process = startInCgroup(Resources.none(), "while :; do :; done");
        assertTrue(progresses(process), "runs before freeze");

        cgroup.freeze();
        assertTrue(cgroup.isFrozen());
        assertEquals("FROZEN", Files.readString(dir("freezer").resolve("freezer.state")).trim(), "the kernel froze every task");

        cgroup.thaw();
        assertFalse(cgroup.isFrozen());
        assertEquals("THAWED", Files.readString(dir("freezer").resolve("freezer.state")).trim());
        assertTrue(progresses(process), "runs after thaw");
    }

    @Test
    void updateChangesTheMemoryLimit() throws Exception {
        cgroup = driver.create(id, Resources.builder().memory(64 * MB).build());

        cgroup.update(Resources.builder().memory(48 * MB).memorySwap(96 * MB).build());

        assertEquals(Long.toString(48 * MB), Files.readString(dir("memory").resolve("memory.limit_in_bytes")).trim());
        assertEquals(48 * MB, cgroup.stats().memoryLimit());
    }

    @Test
    void devicesAllowOnlyDockersDefaults() throws Exception {
        cgroup = driver.create(id, Resources.none());

        List<String> rules = Files.readAllLines(dir("devices").resolve("devices.list"));
        assertFalse(rules.contains("a *:* rwm"), rules::toString);
        assertTrue(rules.containsAll(List.of("c 1:3 rwm", "c 136:* rwm", "c 10:200 rwm", "b *:* m")), rules::toString);
    }

    @Test
    void killAllEmptiesTheCgroupAndDestroyRemovesIt() throws Exception {
        startInCgroup(Resources.none(), "/usr/bin/busybox sleep 30 & /usr/bin/busybox sleep 30");
        long deadline = System.currentTimeMillis() + 5_000;
        while (cgroup.processes().size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        List<Long> members = cgroup.processes();
        assertTrue(members.size() >= 2, () -> "processes: " + members);

        cgroup.killAll();
        assertEquals(List.of(), cgroup.processes());
        cgroup.destroy();
        CgroupLeaks.assertNoCgroup(host.cgroupRoot(), id);
        assertTrue(driver.open(id).isEmpty());
    }

    /** Whether the process's CPU time grows within 3 s (generous: other builds may share the CPUs). */
    private static boolean progresses(TestProcess process) throws Exception {
        long before = cpuTicks(process.pid());
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            if (cpuTicks(process.pid()) != before) {
                return true;
            }
        }
        return false;
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
