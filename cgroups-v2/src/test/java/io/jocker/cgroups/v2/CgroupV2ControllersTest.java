package io.jocker.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.spi.CgroupStats;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Limits enforced by real v2 controllers. Runs only on a pure cgroup v2 host, such as the VM of
 * {@code cgroups-v2/src/test/vm/run-v2-tests.sh}; skipped elsewhere.
 */
@Tag("cgroup2-vm")
class CgroupV2ControllersTest {

    private static final long MB = 1024 * 1024;

    private final Host host = Host.current();
    private final String id = CgroupLeaks.testId();
    private final List<TestProcess> started = new ArrayList<>();
    private ContainerCgroup cgroup;

    @BeforeEach
    void requireUnifiedHost() {
        assumeTrue(Cgroup2Roots.isRoot(), "needs root to create cgroups");
        assumeTrue(Cgroup2Roots.withControllers().isPresent(),
                () -> "needs a pure cgroup v2 host: " + new CgroupV2DriverFactory().isSupported(host).reason());
        assumeTrue(TestProcess.busyboxAvailable(), "needs busybox-static at " + TestProcess.BUSYBOX);
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

    private ContainerCgroup create(Resources resources) throws Exception {
        cgroup = new CgroupV2DriverFactory().create(new DriverContext(host, Path.of("/nonexistent"), null, Map.of()))
                .create(id, resources);
        return cgroup;
    }

    private TestProcess startInCgroup(Resources resources, String script) throws Exception {
        create(resources);
        TestProcess process = TestProcess.start(script);
        started.add(process);
        cgroup.addProcess(process.pid());
        process.go();
        return process;
    }

    private String file(String name) throws Exception {
        return Files.readString(host.cgroupRoot().resolve("jocker").resolve(id).resolve(name)).trim();
    }

    @Test
    void memoryMaxOomKillsAnAllocatingProcess() throws Exception {
        Resources limits = Resources.builder().memory(32 * MB).memorySwap(32 * MB).build();
        TestProcess process = startInCgroup(limits,
                "x=$(/usr/bin/busybox head -c 67108864 /dev/zero | /usr/bin/busybox tr '\\0' a); echo survived");

        assertEquals(128 + 9, process.waitFor(180), "exit status of an OOM-killed process");
        assertTrue(cgroup.oomKilled());
        assertEquals(Long.toString(32 * MB), file("memory.max"));
        assertEquals(32 * MB, cgroup.stats().memoryLimit());
    }

    /** busybox sh gives up at its first failed fork, leaving the nine children it had forked. */
    @Test
    void pidsMaxStopsAForkLoop() throws Exception {
        Resources limits = Resources.builder().pidsLimit(10L).build();
        TestProcess process = startInCgroup(limits,
                "i=0; while [ $i -lt 30 ]; do /usr/bin/busybox sleep 60 >/dev/null 2>&1 & i=$((i+1)); done; echo forked all");

        assertNotEquals(0, process.waitFor(120));
        assertEquals(9, cgroup.processes().size());
        assertEquals(9, cgroup.stats().pids());
        String output = process.output();
        assertTrue(output.contains("can't fork") && !output.contains("forked all"), output);
    }

    @Test
    void cpusAndSharesBecomeCpuMaxAndWeight() throws Exception {
        create(Resources.builder().cpuShares(1024L).cpuPeriod(100_000L).cpuQuota(50_000L).build());

        assertEquals("50000 100000", file("cpu.max"));
        assertEquals("39", file("cpu.weight"));
    }

    @Test
    void cpusetRestrictsTheProcess() throws Exception {
        TestProcess process = startInCgroup(Resources.builder().cpusetCpus("0").cpusetMems("0").build(),
                "/usr/bin/busybox sleep 60");

        String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
        assertTrue(status.contains("Cpus_allowed_list:\t0\n"), status);
    }

    @Test
    void updateChangesLimitsAndStatsReportUsage() throws Exception {
        // Memory is charged where it is allocated: the shell keeps 1 MiB it allocates after joining the cgroup.
        startInCgroup(Resources.builder().memory(64 * MB).build(),
                "x=$(/usr/bin/busybox head -c 1048576 /dev/zero | /usr/bin/busybox tr '\\0' a); "
                        + "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec /usr/bin/busybox sleep 60");

        cgroup.update(Resources.builder().memory(48 * MB).memorySwap(-1L).pidsLimit(5L).build());

        assertEquals(Long.toString(48 * MB), file("memory.max"));
        assertEquals("max", file("memory.swap.max"));
        assertEquals("5", file("pids.max"));
        CgroupStats stats = awaitStats(s -> s.cpuUsageNanos() > 0 && s.memoryUsage() > 0 && s.pids() == 1);
        assertTrue(stats.cpuUsageNanos() > 0, stats::toString);
        assertTrue(stats.memoryUsage() > 0, stats::toString);
        assertEquals(48 * MB, stats.memoryLimit());
        assertEquals(1, stats.pids());
    }

    /** Under emulation the script runs 10 to 20 times slower, so wait for the usage rather than a fixed time. */
    private CgroupStats awaitStats(Predicate<CgroupStats> ready) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        CgroupStats stats = cgroup.stats();
        while (!ready.test(stats) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            stats = cgroup.stats();
        }
        return stats;
    }
}
