package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With a supervisor running, the launcher hands short commands to it through files and FIFOs
 * and starts no JVM; a supervisor that dies never leaves the launcher hanging.
 */
class FastPathIT extends ContainerFixture {

    @Test
    void shortCommandsStartNoJvmWhileASupervisorRuns() throws Exception {
        Result run = jocker.run("run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo out; echo err >&2; sleep 1000");
        assertOk(run);
        String id = run.stdout().trim();
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root())
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);

        Result ps = traced.run("ps", "--no-trunc");
        assertOk(ps);
        assertTrue(ps.stdout().startsWith("CONTAINER ID"), ps::toString);
        assertContains(ps.stdout(), id);

        for (int i = 0; i < 100 && !jocker.run("logs", "svc").stdout().contains("out"); i++) {
            Thread.sleep(50);
        }
        Result logs = traced.run("logs", "svc");
        assertEquals("out\n", logs.stdout());
        assertEquals("err\n", logs.stderr());

        Result missing = traced.run("rm", "two words\nand a line");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertContains(missing.stderr(), "No such container: two words\nand a line");
        Result rm = traced.run("rm", "-f", "svc");
        assertOk(rm);
        assertEquals("svc\n", rm.stdout());

        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
        FastPathRequests.assertNoneLeft(jocker.root());
        assertEquals("", jocker.run("ps", "-aq").stdout());
    }

    @Test
    void aSupervisorThatDiesMidCommandNeverLeavesTheClientHanging() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo hello; sleep 1000"));
        ProcessBuilder follow = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString(), "logs", "-f", "svc")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        follow.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = follow.start();
        try {
            waitUntilTaken();
            ProcessHandle supervisor = SupervisorProcesses.of(jocker.root()).orElseThrow();
            supervisor.destroyForcibly();
            assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client still waits for a dead supervisor");
            assertEquals(125, client.exitValue());
            assertContains(new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
                    "the supervisor stopped while running the command");
        } finally {
            client.destroyForcibly().waitFor();
        }
        // The stale FIFO is left behind; the next command runs in its own JVM and sees the container running.
        Result ps = jocker.run("ps", "--format", "json");
        assertOk(ps);
        assertContains(ps.stdout(), "\"Names\":\"svc\"", "\"State\":\"running\"");
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    @Test
    void aRequestWrittenToAFifoNobodyReadsRunsInTheClient() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "svc", "busybox", "sleep", "1000"));
        // What a client meets when a supervisor died and the next one is just starting: a FIFO
        // that nobody reads, while a live supervisor holds the root's lock.
        Path fifo = jocker.root().resolve("supervisor/cli-1.fifo");
        Path abandoned = jocker.root().resolve("supervisor/abandoned.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", abandoned.toString()).start().waitFor());
        Files.move(abandoned, fifo, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path classes = tmp.resolve("classes.log");
        ProcessBuilder ps = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString(), "ps", "--format", "json")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ps.environment().put("JAVA_HOME", System.getProperty("java.home"));
        ps.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        Process client = ps.start();
        try {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client waits for a FIFO that nobody reads");
            assertEquals(0, client.exitValue());
            assertContains(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "\"Names\":\"svc\"");
            assertTrue(Files.exists(classes), "the request was not run by the client's own JVM");
        } finally {
            client.destroyForcibly().waitFor();
        }
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    private void waitUntilTaken() throws Exception {
        for (int i = 0; i < 400; i++) {
            if (FastPathRequests.of(jocker.root()).stream().anyMatch(f -> f.getFileName().toString().endsWith(".taken"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the supervisor never took the request");
    }
}
