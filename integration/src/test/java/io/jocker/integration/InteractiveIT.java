package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.LeakCheck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What needs a live process: signals to {@code jocker run}, a pseudo-terminal, stdin. */
class InteractiveIT extends ContainerFixture {

    private Process start(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    private List<String> jockerRun(String... args) {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString(), "run"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void sigtermToJockerRunReachesTheContainer() throws Exception {
        Process p = start(jockerRun("--rm", "busybox", "sh", "-c", "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        p.toHandle().destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("got-term", out.readLine());
        assertEquals(42, p.exitValue());
    }

    @Test
    void aContainerKilledBySignalExits128PlusTheSignal() throws Exception {
        Process p = start(jockerRun("--rm", "busybox", "sh", "-c", "echo ready; exec sleep 100"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        long containerPid = ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("busybox") || c.endsWith("sleep")).orElse(false))
                .filter(h -> LeakCheck.isInside(h.pid(), jocker.root()))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
        new ProcessBuilder("kill", "-KILL", Long.toString(containerPid)).start().waitFor();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
    }

    @Test
    void interactiveStdinReachesTheContainer() throws Exception {
        Process p = start(jockerRun("--rm", "-i", "busybox", "sh", "-c", "read line; echo \"got:$line\""));
        p.getOutputStream().write("hello there\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("got:hello there\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue());
    }

    @Test
    void withoutDashIStdinIsEmpty() throws Exception {
        Process p = start(jockerRun("--rm", "busybox", "sh", "-c", "cat; echo end"));
        p.getOutputStream().write("ignored\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("end\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void dashTGivesARealTerminalWithTheCallersSize() throws Exception {
        // script(1) runs jocker on a pseudo-terminal, as a user's terminal would.
        String inner = String.join(" ", jockerRun("--rm", "-t", "busybox", "sh", "-c",
                "'test -t 0 && test -t 1 && echo is-a-tty; tty; echo TERM=$TERM; stty size'"));
        Process p = start(List.of("script", "-qec", "stty rows 33 cols 111; " + inner, "/dev/null"));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("is-a-tty"), out);
        assertTrue(out.contains("/dev/pts/"), out);
        assertTrue(out.contains("TERM=xterm"), out);
        assertTrue(out.contains("33 111"), out);
    }

    @Test
    void dashItRunsAnInteractiveShell() throws Exception {
        String inner = String.join(" ", jockerRun("--rm", "-it", "busybox", "sh"));
        Process p = start(List.of("script", "-qec", inner, "/dev/null"));
        p.getOutputStream().write("echo marker-$((40+2))\nexit 5\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("marker-42"), out);
        assertEquals(5, p.exitValue(), out);
    }
}
