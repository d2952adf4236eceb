package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code diff}, {@code port}, stop signals and timeouts, and {@code --platform}, end to end. */
class ContainerCommandsIT extends ContainerFixture {

    @Test
    void diffListsAddedChangedAndDeletedAsDockerDoes() throws Exception {
        assertOk(jocker.run("run", "--name", "changer", "-v", "/vol", "busybox", "sh", "-c",
                "echo new > /new && mkdir -p /made/deep && touch /made/deep/f && rm /bin/vi && echo x >> /etc/passwd"
                        + " && rm -rf /home && mkdir /home && echo in-volume > /vol/f && mkfifo /fifo"));
        Result diff = jocker.run("diff", "changer");
        assertOk(diff);
        List<String> lines = diff.stdout().lines().toList();
        assertEquals(List.of("C /bin", "D /bin/vi", "C /etc", "C /etc/passwd", "A /fifo", "D /home", "A /made", "A /made/deep",
                "A /made/deep/f", "A /new", "A /vol"), lines, diff::toString);
        Result none = jocker.run("create", "--name", "untouched", "busybox", "true");
        assertOk(none);
        assertEquals("", jocker.run("diff", "untouched").stdout());
        Result missing = jocker.run("diff", "ghost");
        assertEquals(1, missing.exitCode());
        assertEquals("jocker: No such container: ghost\n", missing.stderr());
    }

    @Test
    void portListsNothingAndFindsNoPublishedPort() throws Exception {
        assertOk(jocker.run("create", "--name", "c", "busybox", "true"));
        Result all = jocker.run("port", "c");
        assertOk(all);
        assertEquals("", all.stdout());
        Result one = jocker.run("port", "c", "80/tcp");
        assertEquals(1, one.exitCode());
        assertEquals("jocker: No public port '80/tcp' published for c\n", one.stderr());
        Result bad = jocker.run("port", "c", "http");
        assertEquals(1, bad.exitCode());
        assertEquals("jocker: invalid port (http): parsing \"http\": invalid syntax\n", bad.stderr());
        assertEquals(1, jocker.run("port", "ghost").exitCode());
    }

    @Test
    void stopUsesTheContainersStopSignalAndTimeoutUnlessGivenOthers() throws Exception {
        String trap = "trap 'echo by-USR1; exit 10' USR1; trap 'echo by-USR2; exit 12' USR2; trap '' TERM; echo run >> /runs; while :; do sleep 0.1; done";
        String own = detached("--stop-signal", "SIGUSR1", "--stop-timeout", "30", "busybox", "sh", "-c", trap);
        assertEquals("SIGUSR1 30 <nil>", jocker.run("inspect", "-f", "{{.Config.StopSignal}} {{.Config.StopTimeout}} {{.HostConfig.Init}}",
                own).stdout().trim());
        assertContains(jocker.run("inspect", own).stdout(), "\"StopSignal\": \"SIGUSR1\"", "\"StopTimeout\": 30");
        awaitRuns(own, 1);
        assertOk(jocker.run("stop", own));
        assertEquals("10", exitCode(own));

        assertOk(jocker.run("start", own));
        awaitRuns(own, 2);
        assertOk(jocker.run("stop", "-s", "USR2", own));
        assertEquals("12", exitCode(own));

        // TERM is ignored: the stop timeout of 1 s ends in SIGKILL.
        String ignoring = detached("--stop-timeout", "1", "busybox", "sh", "-c", trap);
        awaitRuns(ignoring, 1);
        assertOk(jocker.run("stop", ignoring));
        assertEquals("137", exitCode(ignoring));

        assertOk(jocker.run("start", own));
        awaitRuns(own, 3);
        assertOk(jocker.run("restart", "-s", "USR1", "-t", "30", own));
        awaitRuns(own, 4);
        assertEquals(2, jocker.run("logs", own).stdout().lines().filter("by-USR1"::equals).count(), "restart sent SIGUSR1");
        assertEquals("true", jocker.run("inspect", "-f", "{{.State.Running}}", own).stdout().trim());
        assertOk(jocker.run("stop", "-t", "30", "-s", "USR2", own));
        assertEquals("12", exitCode(own));

        Result bad = jocker.run("create", "--stop-signal", "BOGUS", "busybox");
        assertEquals(125, bad.exitCode());
        assertEquals("jocker: Invalid signal: BOGUS\n", bad.stderr());
    }

    @Test
    void platformIsTheHostsOnly() throws Exception {
        assertOk(jocker.run("run", "--rm", "--platform", "linux/amd64", "busybox", "true"));
        assertOk(jocker.run("run", "--rm", "--platform", "Linux/x86_64/v1", "busybox", "true"));
        Result other = jocker.run("run", "--rm", "--platform", "linux/arm64", "busybox", "true");
        assertEquals(125, other.exitCode());
        assertEquals("jocker: platform linux/arm64 is not supported: jocker runs linux/amd64 images only, on this linux/amd64 host\n",
                other.stderr());
        Result invalid = jocker.run("create", "--platform", "linux/amd64/v1/x", "busybox");
        assertEquals(125, invalid.exitCode());
        Result load = jocker.run("load", "--platform", "windows/amd64", "-i", "/nonexistent");
        assertEquals(1, load.exitCode());
        assertContains(load.stderr(), "platform windows/amd64 is not supported");
        Result imported = jocker.run("import", "--platform", "linux/arm64/v8", "/nonexistent");
        assertEquals(1, imported.exitCode());
        assertContains(imported.stderr(), "platform linux/arm64 is not supported");
        assertEquals("", jocker.run("ps", "-aq").stdout());
    }

    @Test
    void initRunsAsPid1ForwardsSignalsReapsAndExitsWithTheCommandsStatus() throws Exception {
        Result ps = jocker.run("run", "--rm", "--init", "busybox", "ps", "-o", "pid,comm");
        assertOk(ps);
        assertContains(ps.stdout(), "    1 docker-init");
        assertEquals(3, jocker.run("run", "--rm", "--init", "busybox", "sh", "-c", "exit 3").exitCode());
        // An orphan is reparented to PID 1, which must reap it: the loop ends only once no zombie is left.
        Result reaped = jocker.run("run", "--rm", "--init", "busybox", "sh", "-c",
                "sh -c 'sleep 0 &'; while ps -o stat | grep -q Z; do sleep 0.1; done; echo reaped");
        assertEquals("reaped\n", reaped.stdout(), reaped::toString);

        // sleep as PID 1 would ignore SIGTERM; as the init's child it dies of it.
        String id = detached("--init", "--name", "sleeper", "busybox", "sleep", "600");
        assertEquals("true", jocker.run("inspect", "-f", "{{.HostConfig.Init}}", id).stdout().trim());
        assertContains(jocker.run("inspect", id).stdout(), "\"Init\": true");
        assertOk(jocker.run("stop", "-t", "60", id));
        assertEquals("143", exitCode(id));
        // The mount point itself is not a change; the directories made to hold mount points (/sbin here, /etc's
        // generated files) still show as changed, where Docker's init layer hides them.
        Result diff = jocker.run("diff", id);
        assertOk(diff);
        assertEquals(List.of(), diff.stdout().lines().filter(l -> l.endsWith("/sbin/docker-init")).toList(), diff::toString);

        assertContains(jocker.run("inspect", detached("--init=false", "busybox", "true")).stdout(), "\"Init\": false");
    }

    /** Until the container's command has started {@code runs} times, its traps set each time. */
    private void awaitRuns(String id, int runs) throws Exception {
        assertOk(jocker.run("exec", id, "sh", "-c", "until [ \"$(wc -l < /runs)\" -ge " + runs + " ]; do sleep 0.1; done"));
    }

    private String exitCode(String id) throws Exception {
        return jocker.run("inspect", "-f", "{{.State.ExitCode}}", id).stdout().trim();
    }
}
