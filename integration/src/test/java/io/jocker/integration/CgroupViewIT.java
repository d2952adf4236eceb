package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import org.junit.jupiter.api.Test;

/**
 * A container sees its own cgroups at /sys/fs/cgroup, as in Docker, on this host's cgroup v1: its
 * limits, read-only (read-write with --privileged), and nothing of the host's hierarchy.
 */
class CgroupViewIT extends ContainerFixture {

    private static final String MEMORY = "/sys/fs/cgroup/memory/";

    @Test
    void theContainerReadsItsOwnLimitsAndCannotWriteThem() throws Exception {
        Result r = jocker.run("run", "--rm", "-m", "64m", "--cpus", "0.5", "busybox", "sh", "-c",
                "cat " + MEMORY + "memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us; grep ':memory:' /proc/self/cgroup | cut -d: -f3;"
                        + " find /sys/fs/cgroup/memory -mindepth 1 -type d | wc -l;"
                        + " echo 1 > " + MEMORY + "memory.limit_in_bytes || echo refused;"
                        + " mkdir " + MEMORY + "child || echo refused; cat " + MEMORY + "memory.limit_in_bytes");
        assertOk(r);
        assertEquals("67108864\n50000\n/\n0\nrefused\nrefused\n67108864\n", r.stdout(),
                "the limits, the container's cgroup as the root, no host cgroup below it, both writes refused");
        assertContains(r.stderr(), "Read-only file system");
    }

    @Test
    void aPrivilegedContainerMayWriteItsCgroups() throws Exception {
        Result r = jocker.run("run", "--rm", "--privileged", "-m", "64m", "busybox", "sh", "-c",
                "echo 134217728 > " + MEMORY + "memory.limit_in_bytes && cat " + MEMORY + "memory.limit_in_bytes");
        assertOk(r);
        assertEquals("134217728\n", r.stdout());
    }

    @Test
    void execSeesTheSameCgroups() throws Exception {
        detached("--name", "limited", "-m", "48m", "busybox", "sleep", "300");
        Result r = jocker.run("exec", "limited", "cat", MEMORY + "memory.limit_in_bytes");
        assertOk(r);
        assertEquals("50331648\n", r.stdout());
    }

    @Test
    void aMountOfTheUsersAtSysFsCgroupReplacesTheView() throws Exception {
        Result r = jocker.run("run", "--rm", "--tmpfs", "/sys/fs/cgroup/memory", "-m", "64m", "busybox", "sh", "-c",
                "ls " + MEMORY + " | wc -l; cat /sys/fs/cgroup/pids/pids.max");
        assertOk(r);
        assertEquals("0\nmax\n", r.stdout(), "an empty tmpfs where the memory hierarchy would be; the others mounted");
    }
}
