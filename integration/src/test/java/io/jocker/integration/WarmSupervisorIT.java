package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command that a supervisor could have run starts one in the background, which then stays
 * warm: the launcher hands it {@code run} and {@code exec} too, without a JVM of its own, and
 * containers start on the spare init it keeps ready.
 */
class WarmSupervisorIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    private static final String IDLE_MILLIS = "20000";

    private JockerCli warm;
    private Path classes;
    private JockerCli traced;

    @BeforeEach
    void startWarmSupervisor() throws Exception {
        warm = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        assertOk(warm.run("images"));
        awaitSpare();
        classes = tmp.resolve("classes.log");
        traced = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.SERVED).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS)
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
    }

    @AfterEach
    void stopWarmSupervisor() throws Exception {
        SupervisorProcesses.stop(jocker.root());
    }

    @Test
    void runAndExecStartNoJvmAndKeepTheCallersEnvironmentAndDirectory() throws Exception {
        Result run = traced.run("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, run.exitCode(), run::toString);
        assertEquals("out\n", run.stdout());
        assertEquals("err\n", run.stderr());

        Files.writeString(tmp.resolve("env.list"), "FROM_FILE=file\n");
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/f"), "hello\n");
        Result relative = traced.env("FROM_CLIENT", "client").workingDir(tmp).run("run", "--rm", "-e", "FROM_CLIENT",
                "--env-file", "env.list", "-v", "./data:/data:ro", "busybox", "sh", "-c", "echo $FROM_CLIENT $FROM_FILE; cat /data/f");
        assertOk(relative);
        assertEquals("client file\nhello\n", relative.stdout());

        assertOk(traced.run("run", "-d", "--name", "svc", "busybox", "sleep", "1000"));
        Result exec = traced.run("exec", "svc", "sh", "-c", "echo in $HOSTNAME; exit 4");
        assertEquals(4, exec.exitCode(), exec::toString);
        assertContains(exec.stdout(), "in ");
        Result missing = traced.run("exec", "svc", "no-such-command");
        assertEquals(127, missing.exitCode(), missing::toString);

        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
    }

    @Test
    void signalsReachTheForegroundContainer() throws Exception {
        Path output = tmp.resolve("run.out");
        ProcessBuilder pb = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(), "--root",
                jocker.root().toString(), "run", "--rm", "busybox", "sh", "-c",
                "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done")
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        Process client = pb.start();
        try {
            for (int i = 0; i < 200 && !Files.readString(output).contains("ready"); i++) {
                Thread.sleep(50);
            }
            assertContains(Files.readString(output), "ready");
            client.destroy();
            assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client did not end");
            assertEquals(7, client.exitValue(), () -> output.toString());
            assertContains(Files.readString(output, StandardCharsets.UTF_8), "got TERM");
        } finally {
            client.destroyForcibly().waitFor();
        }
    }

    @Test
    void aBindMountMadeAfterTheSpareStartedIsSeen() throws Exception {
        Path late = Files.createDirectories(tmp.resolve("late"));
        run("mount", "-t", "tmpfs", "jocker-test", late.toString());
        try {
            Files.writeString(late.resolve("file"), "on tmpfs\n");
            Result r = traced.run("run", "--rm", "-v", late + ":/late", "busybox", "cat", "/late/file");
            assertOk(r);
            assertEquals("on tmpfs\n", r.stdout());
        } finally {
            run("umount", late.toString());
        }
    }

    @Test
    void aContainerOnTheSpareInitSeesItsOwnCgroups() throws Exception {
        Result r = traced.run("run", "--rm", "-m", "64m", "busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes");
        assertOk(r);
        assertEquals("67108864\n", r.stdout());
    }

    @Test
    void anInteractiveRunIsLeftToTheClientsJvm() throws Exception {
        Path input = tmp.resolve("input.txt");
        Files.writeString(input, "typed\n");
        Result r = warm.runWithInput(input, "run", "-i", "--rm", "busybox", "cat");
        assertOk(r);
        assertEquals("typed\n", r.stdout());
    }

    /** Waits until the supervisor runs and has a spare init waiting. */
    private void awaitSpare() throws Exception {
        for (int i = 0; i < 400; i++) {
            Optional<ProcessHandle> supervisor = SupervisorProcesses.of(jocker.root());
            if (supervisor.isPresent() && Files.exists(jocker.root().resolve("supervisor/cli-1.fifo"))
                    && supervisor.get().children().anyMatch(c -> c.info().commandLine().orElse("").contains("ContainerInit"))) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no warm supervisor with a spare init");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
