package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jocker exec} and {@code jocker top} against a container running in the background. */
class ExecIT extends ContainerFixture {

    private Process container;

    @BeforeEach
    void startContainer() throws Exception {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString(), "run", "--name", "box", "-h", "boxhost", "-e", "RUN_VAR=from run",
                "-w", "/tmp", "busybox", "sh", "-c", "echo ready > /tmp/ready; exec sleep 300"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        container = pb.start();
        for (int i = 0; i < 300; i++) {
            Result ps = jocker.run("ps", "-q");
            if (!ps.stdout().isBlank() && jocker.run("exec", "box", "cat", "/tmp/ready").stdout().equals("ready\n")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the container did not start: " + new String(container.getInputStream().readAllBytes()));
    }

    @AfterEach
    void stopContainer() throws Exception {
        jocker.run("rm", "-f", "box");
        assertTrue(container.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void execSeesTheContainersWorld() throws Exception {
        Result r = jocker.run("exec", "box", "sh", "-c", "hostname; pwd; ps -o pid,comm; cat /etc/hostname; ls /");
        assertOk(r);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("boxhost", lines.get(0));
        assertEquals("/tmp", lines.get(1), "the container's working directory");
        assertTrue(r.stdout().contains("    1 sleep"), r.stdout());
        assertFalse(r.stdout().contains("java"), "no host process is visible");
        assertTrue(lines.contains("bin") && !lines.contains("work"), r.stdout());
    }

    @Test
    void execIsInTheContainersCgroup() throws Exception {
        Result r = jocker.run("exec", "box", "cat", "/proc/self/cgroup");
        assertOk(r);
        Result pid1 = jocker.run("exec", "box", "cat", "/proc/1/cgroup");
        assertEquals(pid1.stdout(), r.stdout(), "the same cgroups as the container's PID 1");
        Path hostView = Path.of("/proc", Long.toString(pidOfSleep()), "cgroup");
        assertTrue(Files.readString(hostView).contains("/jocker/"), Files.readString(hostView));
    }

    @Test
    void execHasTheContainersEnvironmentAndNoneOfTheCallers() throws Exception {
        jocker.env("CALLER_SECRET", "leak");
        Result r = jocker.run("exec", "-e", "EXEC_VAR=x y", "box", "env");
        assertOk(r);
        assertTrue(r.stdout().contains("RUN_VAR=from run"), r.stdout());
        assertTrue(r.stdout().contains("EXEC_VAR=x y"), r.stdout());
        assertTrue(r.stdout().contains("HOSTNAME=boxhost"), r.stdout());
        assertFalse(r.stdout().contains("CALLER_SECRET"), r.stdout());
    }

    @Test
    void argumentsExitCodesAndUsers() throws Exception {
        Result args = jocker.run("exec", "box", "sh", "-c", "printf '[%s]' \"$@\"", "sh", "a b", "\"q\"", "");
        assertEquals("[a b][\"q\"][]", args.stdout());
        assertEquals(3, jocker.run("exec", "box", "sh", "-c", "exit 3").exitCode());
        Result missing = jocker.run("exec", "box", "no-such-cmd");
        assertEquals(127, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("executable file not found in $PATH"), missing.stderr());
        assertEquals(126, jocker.run("exec", "box", "/etc/passwd").exitCode());
        Result user = jocker.run("exec", "-u", "1000:1000", "-w", "/", "box", "sh", "-c", "id -u; pwd");
        assertEquals("1000\n/\n", user.stdout());
        Result caps = jocker.run("exec", "box", "grep", "CapEff", "/proc/self/status");
        assertTrue(caps.stdout().contains("00000000a80425fb"), caps.stdout());
    }

    @Test
    void execWithATerminal() throws Exception {
        String inner = JockerCli.distribution().resolve("bin/jocker") + " --root " + jocker.root()
                + " exec -t box sh -c 'test -t 1 && echo is-a-tty; echo TERM=$TERM'";
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", inner, "/dev/null").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("is-a-tty") && out.contains("TERM=xterm"), out);
    }

    @Test
    void topListsTheContainersProcessesWithHostPids() throws Exception {
        Result top = jocker.run("top", "box");
        assertOk(top);
        assertTrue(top.stdout().startsWith("UID"), top.stdout());
        assertTrue(top.stdout().contains(" " + pidOfSleep() + " "), top.stdout());
    }

    @Test
    void execIntoAStoppedOrUnknownContainerFails() throws Exception {
        Result unknown = jocker.run("exec", "nope", "true");
        assertEquals(1, unknown.exitCode(), "Docker's exit status for a failed exec");
        assertTrue(unknown.stderr().contains("No such container: nope"), unknown.stderr());
        Result stopped = jocker.run("run", "--name", "done", "busybox", "true");
        assertOk(stopped);
        Result r = jocker.run("exec", "done", "true");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("is not running"), r.stderr());
    }

    @Test
    void execIntoAPausedContainerFails() throws Exception {
        assertOk(jocker.run("pause", "box"));
        try {
            Result r = jocker.run("exec", "box", "true");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("is paused, unpause the container before exec"), r.stderr());
        } finally {
            assertOk(jocker.run("unpause", "box"));
        }
        assertOk(jocker.run("exec", "box", "true"));
    }

    @Test
    void detachedExecLeavesNothingAfterTheContainerStops() throws Exception {
        Result d = jocker.run("exec", "-d", "box", "sleep", "200");
        assertOk(d);
        assertEquals("", d.stdout());
        assertTrue(jocker.run("top", "box").stdout().contains("sleep 200"));
    }

    private long pidOfSleep() {
        return ProcessHandle.allProcesses()
                .filter(h -> cmdline(h.pid()).equals("sleep 300"))
                .filter(h -> io.jocker.testing.LeakCheck.isInside(h.pid(), jocker.root()))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
