package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void ulimitsOomScoreAndAddedGroupsApplyToTheContainerAndItsExecs() throws Exception {
        Result created = jocker.run("create", "--name", "limited", "--ulimit", "nofile=100:200", "--ulimit", "core=0:1000",
                "--oom-score-adj", "500", "--group-add", "jockertesters", "--group-add", "4242", "busybox", "sleep", "300");
        assertOk(created);
        // The name is resolved in the container's own /etc/group when it starts.
        Path group = tmp.resolve("group");
        Files.writeString(group, "root:x:0:\njockertesters:x:4321:\n");
        assertOk(jocker.run("cp", group.toString(), "limited:/etc/group"));
        assertOk(jocker.run("start", "limited"));
        for (String process : new String[] {"1", "self"}) {
            Result r = jocker.run("exec", "limited", "sh", "-c",
                    "cat /proc/" + process + "/limits /proc/" + process + "/oom_score_adj /proc/" + process + "/status");
            assertOk(r);
            assertTrue(r.stdout().matches("(?s).*Max open files\\s+100\\s+200\\s+files.*"), r::toString);
            assertTrue(r.stdout().matches("(?s).*Max core file size\\s+0\\s+1000\\s+bytes.*"), r::toString);
            assertTrue(r.stdout().matches("(?s).*\\n500\\n.*"), r::toString);
            assertTrue(r.stdout().matches("(?s).*Groups:\\t4242 4321 \\n.*"), r::toString);
        }
        assertEquals("[{\"Name\":\"core\",\"Hard\":1000,\"Soft\":0},{\"Name\":\"nofile\",\"Hard\":200,\"Soft\":100}]"
                + " 500 [jockertesters 4242]\n", jocker.run("inspect", "-f",
                "{{json .HostConfig.Ulimits}} {{.HostConfig.OomScoreAdj}} {{.HostConfig.GroupAdd}}", "limited").stdout());

        Result unknownGroup = jocker.run("run", "--rm", "--group-add", "nosuch", "busybox", "true");
        assertEquals(125, unknownGroup.exitCode(), unknownGroup::toString);
        assertContains(unknownGroup.stderr(), "Unable to find group nosuch: no matching entries in group file");
        Result badUlimit = jocker.run("run", "--rm", "--ulimit", "nofile=10:5", "busybox", "true");
        assertEquals(125, badUlimit.exitCode(), badUlimit::toString);
        assertContains(badUlimit.stderr(), "invalid argument \"nofile=10:5\" for \"--ulimit\" flag: "
                + "ulimit soft limit must be less than or equal to hard limit: 10 > 5");
        Result badScore = jocker.run("run", "--rm", "--oom-score-adj", "1001", "busybox", "true");
        assertEquals(125, badScore.exitCode(), badScore::toString);
        assertContains(badScore.stderr(), "Invalid value 1001, range for oom score adj is [-1000, 1000]");
        assertEquals(List.of("limited"), List.of(jocker.run("ps", "-a", "--format", "{{.Names}}").stdout().trim().split("\n")),
                "only the first container exists");
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
