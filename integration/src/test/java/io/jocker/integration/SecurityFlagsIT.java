package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void sysctlsAreWrittenInTheContainersOwnNamespacesNeverTheHosts() throws Exception {
        Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
        Path shmmax = Path.of("/proc/sys/kernel/shmmax");
        Path msgMax = Path.of("/proc/sys/fs/mqueue/msg_max");
        String hostForward = Files.readString(forward);
        String hostShmmax = Files.readString(shmmax);
        String hostMsgMax = Files.readString(msgMax);
        String flipped = hostForward.trim().equals("1") ? "0" : "1";
        Result r = jocker.run("run", "--rm", "--sysctl", "net.ipv4.ip_forward=" + flipped, "--sysctl", "kernel.shmmax=123456789",
                "--sysctl", "fs.mqueue.msg_max=17", "busybox", "cat", forward.toString(), shmmax.toString(), msgMax.toString());
        assertOk(r);
        assertEquals(flipped + "\n123456789\n17\n", r.stdout());
        assertEquals(hostForward, Files.readString(forward), "the host's value is unchanged");
        assertEquals(hostShmmax, Files.readString(shmmax), "the host's value is unchanged");
        assertEquals(hostMsgMax, Files.readString(msgMax), "the host's value is unchanged");

        Result hostWide = jocker.run("run", "--rm", "--sysctl", "kernel.core_pattern=|/tmp/x", "busybox", "true");
        assertEquals(125, hostWide.exitCode(), hostWide::toString);
        assertContains(hostWide.stderr(), "sysctl 'kernel.core_pattern=|/tmp/x' is not allowed");
        Result missing = jocker.run("run", "--rm", "--sysctl", "net.ipv4.nosuch=1", "busybox", "true");
        assertEquals(125, missing.exitCode(), missing::toString);
        assertContains(missing.stderr(), "cannot set sysctl net.ipv4.nosuch");
        assertEquals("", jocker.run("ps", "-aq").stdout(), "no container was left behind");
    }

    @Test
    void aGivenDeviceIsCreatedAndAllowedOnlyAsAskedAndRulesAllowMore() throws Exception {
        String script = "ls -ln /dev/lc; : < /dev/lc && echo read-ok; (: > /dev/lc) 2>/dev/null || echo write-denied;"
                + " mknod /dev/l0 b 7 0 && : < /dev/l0 && echo rule-ok; mknod /dev/l1 b 7 1 && (: < /dev/l1) 2>/dev/null || echo l1-denied";
        Result r = jocker.run("run", "--name", "dev", "--device", "/dev/loop-control:/dev/lc:r", "--device-cgroup-rule", "b 7:0 r",
                "busybox", "sh", "-c", script);
        assertOk(r);
        assertTrue(r.stdout().matches("(?s)crw-------\\s+1 0\\s+0\\s+10,\\s+237 .*/dev/lc\\nread-ok\\n.*rule-ok\\n.*"), r::toString);
        // The devices cgroup enforces the rest where the driver has one (cgroup v1; v2 would need an eBPF program).
        if (jocker.run("info", "-f", "{{.CgroupVersion}}").stdout().trim().equals("1")) {
            assertContains(r.stdout(), "write-denied", "l1-denied");
        }
        assertEquals("[{\"PathOnHost\":\"/dev/loop-control\",\"PathInContainer\":\"/dev/lc\",\"CgroupPermissions\":\"r\"}]"
                + " [b 7:0 r]\n", jocker.run("inspect", "-f", "{{json .HostConfig.Devices}} {{.HostConfig.DeviceCgroupRules}}",
                "dev").stdout());

        Result missing = jocker.run("run", "--rm", "--device", "/dev/nope", "busybox", "true");
        assertEquals(125, missing.exitCode(), missing::toString);
        assertContains(missing.stderr(), "error gathering device information while adding custom device \"/dev/nope\": "
                + "no such file or directory");
        Result badRule = jocker.run("run", "--rm", "--device-cgroup-rule", "x 1:2 r", "busybox", "true");
        assertEquals(125, badRule.exitCode(), badRule::toString);
        assertContains(badRule.stderr(), "invalid device cgroup format 'x 1:2 r'");
        Result badMode = jocker.run("run", "--rm", "--device", "/dev/null:/dev/n:rwq", "busybox", "true");
        assertEquals(125, badMode.exitCode(), badMode::toString);
        assertContains(badMode.stderr(), "bad mode specified: rwq");
    }

    @Test
    void namespacesAreSharedWithTheHostOrAnotherContainerOnlyWhenAsked() throws Exception {
        String links = "for n in pid ipc uts cgroup; do readlink /proc/self/ns/$n; done; hostname";
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        String host = String.join("\n", hostLink("pid"), hostLink("ipc"), hostLink("uts"), hostLink("cgroup"), hostname.trim()) + "\n";
        Result shared = jocker.run("run", "--rm", "--pid", "host", "--ipc", "host", "--uts", "host", "--cgroupns", "host",
                "busybox", "sh", "-c", links);
        assertOk(shared);
        assertEquals(host, shared.stdout());
        assertEquals(hostname, Files.readString(Path.of("/proc/sys/kernel/hostname")), "the host's name is unchanged");
        Result own = runBusybox("sh", "-c", links);
        assertOk(own);
        List<String> ownLines = own.stdout().lines().toList();
        List<String> hostLines = host.lines().toList();
        for (int i = 0; i < hostLines.size(); i++) {
            assertFalse(ownLines.get(i).equals(hostLines.get(i)), () -> "a default container has its own: " + own);
        }

        detached("--name", "donor", "--ipc", "shareable", "busybox", "sleep", "300");
        Result donor = jocker.run("exec", "donor", "sh", "-c", "readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc");
        assertOk(donor);
        Result joined = jocker.run("run", "--rm", "--pid", "container:donor", "--ipc", "container:donor", "busybox", "sh", "-c",
                "readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; cat /proc/1/comm");
        assertOk(joined);
        assertEquals(donor.stdout() + "sleep\n", joined.stdout());
        assertEquals("container:donor shareable host host\n", jocker.run("inspect", "-f",
                "{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}} {{.HostConfig.CgroupnsMode}}",
                jocker.run("create", "--pid", "container:donor", "--ipc", "shareable", "--uts", "host", "--cgroupns", "host",
                        "busybox", "true").stdout().trim()).stdout());

        detached("--name", "private", "busybox", "sleep", "300");
        Result notShareable = jocker.run("run", "--rm", "--ipc", "container:private", "busybox", "true");
        assertEquals(125, notShareable.exitCode(), notShareable::toString);
        assertContains(notShareable.stderr(), "non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        Result badPid = jocker.run("run", "--rm", "--pid", "container:", "busybox", "true");
        assertEquals(125, badPid.exitCode(), badPid::toString);
        assertContains(badPid.stderr(), "--pid: invalid PID mode");
        Result named = jocker.run("run", "--rm", "--uts", "host", "-h", "other", "busybox", "true");
        assertEquals(125, named.exitCode(), named::toString);
        assertContains(named.stderr(), "conflicting options: hostname and the UTS mode");
        assertEquals(hostname, Files.readString(Path.of("/proc/sys/kernel/hostname")), "the host's name is unchanged");
    }

    private static String hostLink(String kind) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + kind)).toString();
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
