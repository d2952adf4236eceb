package io.jocker.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import io.jocker.testing.cgroups.CgroupLeaks;
import io.jocker.testing.cgroups.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What v2 does without controllers (membership, cgroup.freeze, cgroup.kill), on a real cgroup2
 * hierarchy: the unified root of a v2 host, or /sys/fs/cgroup/unified of a hybrid host.
 */
@Tag("cgroup2-vm")
class CgroupV2MembershipTest {

    private final String id = CgroupLeaks.testId();
    private final List<TestProcess> started = new ArrayList<>();
    private Path hierarchy;
    private ContainerCgroup cgroup;

    @BeforeEach
    void requireCgroup2() {
        assumeTrue(Cgroup2Roots.isRoot(), "needs root to create cgroups");
        Optional<Path> found = Cgroup2Roots.any();
        assumeTrue(found.isPresent(), "no cgroup2 hierarchy with cgroup.controllers on this host");
        assumeTrue(TestProcess.busyboxAvailable(), "needs busybox-static at " + TestProcess.BUSYBOX);
        hierarchy = found.get();
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
        if (hierarchy != null) {
            assertFalse(Files.exists(hierarchy.resolve("jocker").resolve(id)), "cgroup left behind");
        }
    }

    private TestProcess startInCgroup(String script) throws Exception {
        cgroup = new CgroupV2Driver(hierarchy).create(id, Resources.none());
        TestProcess process = TestProcess.start(script);
        started.add(process);
        cgroup.addProcess(process.pid());
        process.go();
        return process;
    }

    @Test
    void addProcessMovesItIntoTheCgroup() throws Exception {
        TestProcess process = startInCgroup("/usr/bin/busybox sleep 30");

        String membership = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cgroup"));
        assertTrue(membership.contains("0::/jocker/" + id + "\n"), membership);
        assertEquals(List.of(process.pid()), cgroup.processes());
    }

    @Test
    void freezeStopsProgressAndThawResumesIt() throws Exception {
        TestProcess process = startInCgroup("while :; do :; done");
        assertTrue(progresses(process), "runs before freeze");

        cgroup.freeze();
        assertTrue(cgroup.isFrozen());
        assertTrue(Files.readAllLines(hierarchy.resolve("jocker").resolve(id).resolve("cgroup.events")).contains("frozen 1"),
                "the kernel froze every task");

        cgroup.thaw();
        assertFalse(cgroup.isFrozen());
        assertTrue(Files.readAllLines(hierarchy.resolve("jocker").resolve(id).resolve("cgroup.events")).contains("frozen 0"));
        assertTrue(progresses(process), "runs after thaw");
    }

    @Test
    void killAllKillsEveryProcessAndDestroyLeavesNothing() throws Exception {
        TestProcess process = startInCgroup("/usr/bin/busybox sleep 30 & /usr/bin/busybox sleep 30 & wait");
        long deadline = System.currentTimeMillis() + 5_000;
        while (cgroup.processes().size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, cgroup.processes().size());

        cgroup.killAll();

        assertEquals(List.of(), cgroup.processes());
        assertEquals(128 + 9, process.waitFor(10));
        cgroup.destroy();
        assertFalse(Files.exists(hierarchy.resolve("jocker").resolve(id)));
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
