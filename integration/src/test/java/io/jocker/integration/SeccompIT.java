package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The seccomp filter of containers and execs, for real: Docker's default, unconfined, privileged and a profile of one's own. */
class SeccompIT extends ContainerFixture {

    private static final String STATUS = "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status";

    @Test
    void defaultContainerRunsFilteredWithoutNoNewPrivsAsDocker() throws Exception {
        Result r = runBusybox("sh", "-c", STATUS);
        assertOk(r);
        assertContains(r.stdout(), "Seccomp:\t2", "NoNewPrivs:\t0");
    }

    @Test
    void execGetsTheContainersFilter() throws Exception {
        String id = detached("--name", "box", "busybox", "sleep", "300");
        Result exec = jocker.run("exec", "box", "sh", "-c", STATUS);
        assertOk(exec);
        assertContains(exec.stdout(), "Seccomp:\t2", "NoNewPrivs:\t0");
        jocker.run("rm", "-f", id);
        detached("--name", "free", "--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges",
                "busybox", "sleep", "300");
        Result unconfined = jocker.run("exec", "free", "sh", "-c", STATUS);
        assertOk(unconfined);
        assertContains(unconfined.stdout(), "Seccomp:\t0", "NoNewPrivs:\t1");
    }

    @Test
    void unconfinedAndPrivilegedRunWithoutAFilter() throws Exception {
        Result unconfined = jocker.run("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:",
                "/proc/self/status");
        assertOk(unconfined);
        assertContains(unconfined.stdout(), "Seccomp:\t0");
        Result privileged = jocker.run("run", "--rm", "--privileged", "busybox", "grep", "Seccomp:", "/proc/self/status");
        assertOk(privileged);
        assertContains(privileged.stdout(), "Seccomp:\t0");
    }

    @Test
    void noNewPrivilegesIsSetWhenAsked() throws Exception {
        Result r = jocker.run("run", "--rm", "--security-opt", "no-new-privileges=true", "busybox", "sh", "-c", STATUS);
        assertOk(r);
        assertContains(r.stdout(), "Seccomp:\t2", "NoNewPrivs:\t1");
    }

    @Test
    void userNamespacesAreDeniedWithEpermOnlyByTheFilter() throws Exception {
        Result denied = runBusybox("unshare", "-U", "true");
        assertNotEquals(0, denied.exitCode(), denied::toString);
        assertContains(denied.stdout() + denied.stderr(), "Operation not permitted");
        Result unconfined = jocker.run("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "unshare", "-U", "true");
        assertOk(unconfined);
    }

    @Test
    void ordinaryCommandsWorkUnderTheDefaultFilter() throws Exception {
        Result r = runBusybox("sh", "-c", "ls / > /dev/null && ps > /dev/null && wget --help 2>&1 | head -1 && date > /dev/null"
                + " && mkdir /tmp/d && echo done");
        assertOk(r);
        assertContains(r.stdout(), "BusyBox", "done");
    }

    @Test
    void aDockerProfileDenyingMkdirFailsItWithTheProfilesErrno() throws Exception {
        Path profile = tmp.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "syscalls": [
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 28}
                  ]
                }
                """);
        Result r = jocker.run("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "mkdir", "/tmp/d");
        assertEquals(1, r.exitCode(), r::toString);
        assertContains(r.stderr(), "No space left on device");
        Result other = jocker.run("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "touch", "/tmp/f");
        assertOk(other);
    }

    @Test
    void invalidProfilesFailBeforeAnythingIsCreated() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"defaultAction\": ");
        Path unknownAction = tmp.resolve("unknown.json");
        Files.writeString(unknownAction, "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}");
        for (String[] args : new String[][] {
            {"run", "--rm", "--security-opt", "seccomp=" + broken, "busybox", "true"},
            {"run", "--security-opt", "seccomp=" + unknownAction, "busybox", "true"},
            {"run", "--security-opt", "seccomp=" + tmp.resolve("missing.json"), "busybox", "true"},
            {"create", "--security-opt", "seccomp", "busybox", "true"},
            {"run", "--rm", "--security-opt", "bogus=1", "busybox", "true"},
        }) {
            Result r = jocker.run(args);
            assertEquals(125, r.exitCode(), r::toString);
            assertEquals(1, r.stderr().lines().count(), r::toString);
            assertFalse(r.stderr().contains("Exception") || r.stderr().contains("io.jocker"), r::toString);
        }
        assertEquals("", jocker.run("ps", "-aq").stdout(), "no container was left behind");
        assertContains(jocker.run("run", "--security-opt", "seccomp=" + unknownAction, "busybox", "true").stderr(),
                "unknown seccomp action \"SCMP_ACT_MAYBE\"");
        assertContains(jocker.run("run", "--rm", "--security-opt", "seccomp=" + broken, "busybox", "true").stderr(),
                "compacting json for seccomp profile");
    }

    @Test
    void inspectShowsSecurityOptAndInfoTheBuiltinProfile() throws Exception {
        String privileged = jocker.run("create", "--privileged", "busybox", "true").stdout().trim();
        assertEquals("[label=disable]\n", jocker.run("inspect", "-f", "{{.HostConfig.SecurityOpt}}", privileged).stdout());
        String plain = jocker.run("create", "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable",
                "busybox", "true").stdout().trim();
        assertEquals("[seccomp=unconfined label=disable]\n",
                jocker.run("inspect", "-f", "{{.HostConfig.SecurityOpt}}", plain).stdout());
        String none = jocker.run("create", "busybox", "true").stdout().trim();
        assertEquals("[]\n", jocker.run("inspect", "-f", "{{.HostConfig.SecurityOpt}}", none).stdout());
        assertContains(jocker.run("info").stdout(), " Security Options:\n  seccomp\n   Profile: builtin\n");
        assertEquals("[name=seccomp,profile=builtin]\n", jocker.run("info", "-f", "{{.SecurityOptions}}").stdout());
    }
}
