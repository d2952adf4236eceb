package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-container security flags for real: capabilities, limits, groups, sysctls, devices and
 * namespace modes, each read back inside the container (its first process and an exec).
 */
class SecurityFlagsIT extends ContainerFixture {

    /** Docker's default set: CapEff 00000000a80425fb. */
    private static final long DEFAULT_CAPS = 0xa80425fbL;
    private static final long CHOWN = 1L << 0;
    private static final long KILL = 1L << 5;
    private static final long NET_ADMIN = 1L << 12;

    @Test
    void capAddAndCapDropChangeExactlyTheirBitsForTheContainerAndItsExecs() throws Exception {
        String id = detached("--cap-add", "net_admin", "--cap-drop", "CAP_CHOWN", "busybox", "sleep", "300");
        long expected = DEFAULT_CAPS & ~CHOWN | NET_ADMIN;
        String first = jocker.run("exec", id, "cat", "/proc/1/status").stdout();
        assertEquals(expected, capabilities(first, "CapEff"), first);
        assertEquals(expected, capabilities(first, "CapBnd"), first);
        String exec = jocker.run("exec", id, "cat", "/proc/self/status").stdout();
        assertEquals(expected, capabilities(exec, "CapEff"), exec);
        assertEquals(expected, capabilities(exec, "CapBnd"), exec);
        String privileged = jocker.run("exec", "--privileged", id, "cat", "/proc/self/status").stdout();
        assertEquals(allCapabilities(), capabilities(privileged, "CapEff"), privileged);
        assertEquals("[CAP_NET_ADMIN] [CAP_CHOWN]\n",
                jocker.run("inspect", "-f", "{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}", id).stdout());

        Result onlyKill = jocker.run("run", "--rm", "--cap-drop", "all", "--cap-add", "Kill", "busybox", "cat", "/proc/self/status");
        assertOk(onlyKill);
        assertEquals(KILL, capabilities(onlyKill.stdout(), "CapEff"), onlyKill::toString);
        assertEquals(KILL, capabilities(onlyKill.stdout(), "CapBnd"), onlyKill::toString);
        // The seccomp filter follows the capabilities, as Docker's does: with CAP_SYS_ADMIN, mount is allowed.
        Result allButChown = jocker.run("run", "--rm", "--cap-add", "ALL", "--cap-drop", "chown", "busybox", "sh", "-c",
                "mkdir /m && mount -t tmpfs t /m && cat /proc/self/status");
        assertOk(allButChown);
        assertEquals(allCapabilities() & ~CHOWN, capabilities(allButChown.stdout(), "CapEff"), allButChown::toString);
    }

    @Test
    void anUnknownCapabilityIsRefusedWithDockersWordingAndNothingIsCreated() throws Exception {
        Result add = jocker.run("run", "--rm", "--cap-add", "bogus", "busybox", "true");
        assertEquals(125, add.exitCode(), add::toString);
        assertEquals("jocker: invalid CapAdd: unknown capability: \"CAP_BOGUS\"", add.stderr().lines().findFirst().orElse(""));
        Result drop = jocker.run("create", "--cap-drop", "CAP_NOPE", "busybox", "true");
        assertEquals(1, drop.exitCode(), "create exits 1 on what Docker's daemon refuses: " + drop);
        assertContains(drop.stderr(), "invalid CapDrop: unknown capability: \"CAP_NOPE\"");
        assertEquals("", jocker.run("ps", "-aq").stdout(), "no container was left behind");
    }

    private static long capabilities(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+([0-9a-f]+)$").matcher(status);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in:\n" + status);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** What a privileged process gets: every capability jocker itself holds (this test's, a sandbox may lack some). */
    private static long allCapabilities() throws Exception {
        return capabilities(Files.readString(Path.of("/proc/self/status")), "CapPrm");
    }
}
