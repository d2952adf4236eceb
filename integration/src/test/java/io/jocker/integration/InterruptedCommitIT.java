package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Route;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit killed half-way with its supervisor (issue 15, defect 2): the container it froze is
 * thawed by the next command that touches it, and its spool does not outlive it. FaultInjectionIT
 * kills every command at its steps; this is the case the issue found, with what it saw.
 */
class InterruptedCommitIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    private static final String IDLE_MILLIS = "60000";

    private FaultPointControl faults;

    @BeforeEach
    void armable() throws Exception {
        faults = new FaultPointControl(tmp.resolve("faults"));
        jocker.env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS).env(FaultPointControl.ENV, faults.dir().toString());
    }

    @AfterEach
    void stopSupervisor() throws Exception {
        faults.releaseAll();
        jocker.env("JOCKER_SUPERVISOR_IDLE_MILLIS", "1000");
        SupervisorProcesses.stop(jocker.root());
    }

    @Test
    void aCommitKilledWithItsSupervisorLeavesTheContainerRunningAndThawedAndNoSpool() throws Exception {
        String id = detached("busybox", "sleep", "1000");
        assertOk(jocker.run("exec", id, "sh", "-c", "echo changed > /changed"));
        faults.arm("commit.frozen");
        Process commit = start("commit", id, "committed:1");
        long holder = faults.awaitReached("commit.frozen", commit, "commit");
        ProcessHandle supervisor = SupervisorProcesses.of(jocker.root()).orElseThrow();
        assertEquals(supervisor.pid(), holder, "the supervisor serves the commit");
        Path freezer = Path.of("/sys/fs/cgroup/freezer/jocker", id, "freezer.state");
        assertEquals("FROZEN", Files.readString(freezer).trim());
        supervisor.destroyForcibly();
        supervisor.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(commit.waitFor(60, TimeUnit.SECONDS), "the client ends with its supervisor");
        faults.releaseAll();

        assertOk(jocker.run("exec", id, "true"));
        assertEquals("THAWED", Files.readString(freezer).trim());
        assertContains(jocker.run("ps").stdout(), "Up ");
        assertContains(jocker.run("unpause", id).stderr(), "is not paused");
        assertEquals(List.of(), files(jocker.root().resolve("image/overlay/tmp")), "no spool is left");
        assertOk(jocker.run("commit", id, "committed:1"));
    }

    /** Starts a command as a child of the test, on the fast path. */
    private Process start(String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        line.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        pb.environment().put("JOCKER_DEFAULT_NETWORK", "none");
        pb.environment().put(FaultPointControl.ENV, faults.dir().toString());
        return pb.start();
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
