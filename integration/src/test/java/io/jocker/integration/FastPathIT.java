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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With a supervisor running, the launcher hands short commands to it through files and FIFOs
 * and starts no JVM; a supervisor that dies never leaves the launcher hanging.
 */
class FastPathIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    @Test
    void shortCommandsStartNoJvmWhileASupervisorRuns() throws Exception {
        Result run = jocker.run("run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo out; echo err >&2; sleep 1000");
        assertOk(run);
        String id = run.stdout().trim();
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.SERVED)
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
    void aServedCommandRunsWithTheCallersGlobalOptionsNotTheSupervisors() throws Exception {
        // What `jocker -s nosuch info` once left behind: a supervisor started with other global options.
        Process supervisor = startSupervisor("-s", "nosuch");
        try {
            Result images = jocker.run("images");
            assertOk(images);
            assertContains(images.stdout(), "busybox");
            Result info = jocker.run("info");
            assertOk(info);
            assertContains(info.stdout(), "Storage Driver: overlay");

            Result asked = jocker.run("-s", "nosuch", "images");
            assertEquals(125, asked.exitCode(), asked::toString);
            assertEquals("jocker: unknown storage driver \"nosuch\" (known: aufs, overlay)\n", asked.stderr());
            Result fromEnv = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).env("JOCKER_STORAGE_DRIVER", "nosuch")
                    .run("images");
            assertEquals(125, fromEnv.exitCode(), fromEnv::toString);
            assertContains(fromEnv.stderr(), "unknown storage driver \"nosuch\"");
        } finally {
            stopSupervisor(supervisor);
        }
    }

    @Test
    void globalOptionsTheSupervisorCannotHonourRunInAJvmOfTheirOwn() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "svc", "busybox", "sleep", "1000"));
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER)
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);

        Result warn = traced.run("-l", "warn", "ps");
        assertOk(warn);
        assertContains(warn.stdout(), "svc");
        Result relative = traced.workingDir(tmp).raw("--root=root", "ps");
        assertOk(relative);
        assertContains(relative.stdout(), "svc");
        assertFalse(Files.exists(classes), "a JVM started for global options the supervisor honours");

        Result debug = traced.run("-D", "ps");
        assertOk(debug);
        assertContains(debug.stdout(), "svc");
        assertTrue(Files.deleteIfExists(classes), "debug output changes the process's logging: a JVM of its own");
        Result verbose = traced.run("-l", "info", "ps");
        assertOk(verbose);
        assertTrue(Files.deleteIfExists(classes), "another log level: a JVM of its own");

        // A plugin directory that the supervisor does not load: here one that offers overlay a second time.
        Path extra = Files.createDirectories(tmp.resolve("extra/storage-overlay"));
        Files.copy(JockerCli.distribution().resolve("plugins/storage-overlay/jocker-storage-overlay.jar"),
                extra.resolve("jocker-storage-overlay.jar"));
        Result plugins = traced.env("JOCKER_PLUGIN_PATH", tmp.resolve("extra").toString()).run("info");
        // Not the command line's mistake: Failures' status for a failure of the command (the driver's below is 125).
        assertEquals(1, plugins.exitCode(), plugins::toString);
        assertContains(plugins.stderr(), "duplicate storage driver \"overlay\"");
        Result driver = traced.env("JOCKER_PLUGIN_PATH", "").run("--cgroup-driver", "nosuch", "info");
        assertEquals(125, driver.exitCode(), driver::toString);
        assertContains(driver.stderr(), "jocker: unknown cgroup driver \"nosuch\" (known: v1, v2)\n");
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    @Test
    void aCommandThatFailsForItsGlobalOptionsStartsNoSupervisor() throws Exception {
        JockerCli warm = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER)
                .env("JOCKER_SUPERVISOR_IDLE_MILLIS", "20000");
        Result info = warm.run("-s", "nosuch", "info");
        assertEquals(125, info.exitCode(), info::toString);
        assertEquals("jocker: unknown storage driver \"nosuch\" (known: aufs, overlay)\n", info.stderr());
        assertEquals("", info.stdout());
        // A supervisor kept warm is spawned before the command's JVM exits.
        assertEquals(Optional.empty(), SupervisorProcesses.of(jocker.root()));
    }

    @Test
    void aDistributionUpgradedWhileItsSupervisorRunsRunsItsCommandsInAJvm() throws Exception {
        // A copy, to be upgraded in place; without a class-data archive, which it would build in the background.
        Path distribution = tmp.resolve("dist");
        for (String part : List.of("bin", "lib", "plugins")) {
            copyTree(JockerCli.distribution().resolve(part), distribution.resolve(part));
        }
        Process supervisor = startSupervisor(distribution);
        try {
            Path classes = tmp.resolve("classes.log");
            Result served = launch(distribution, classes, "ps", "-a");
            assertEquals(0, served.exitCode(), served::toString);
            assertTrue(served.stdout().startsWith("CONTAINER ID"), served::toString);
            assertFalse(Files.exists(classes), "the supervisor of the same build did not serve");

            // What unpacking a new build over the old one changes, as far as the launcher can tell.
            Files.writeString(distribution.resolve("lib/build"), "20991231T235959.999Z\n");
            Result upgraded = launch(distribution, classes, "ps", "-a");
            assertEquals(0, upgraded.exitCode(), upgraded::toString);
            assertEquals(served.stdout(), upgraded.stdout());
            assertTrue(Files.exists(classes), "a supervisor of the old build ran the upgraded distribution's command");
        } finally {
            stopSupervisor(supervisor);
        }
        FastPathRequests.assertNoneLeft(jocker.root());
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

    /** Starts a supervisor for the test's root with these global options, and waits until it serves the fast path. */
    private Process startSupervisor(String... globalOptions) throws Exception {
        return startSupervisor(JockerCli.distribution(), globalOptions);
    }

    private Process startSupervisor(Path distribution, String... globalOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        command.addAll(List.of(globalOptions));
        command.add("supervisor");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("supervisor.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "60000");
        pb.environment().put("JOCKER_CDS_OFF", "1");
        Process supervisor = pb.start();
        Path fifo = jocker.root().resolve("supervisor/cli-1.fifo");
        for (int i = 0; i < 600 && !Files.exists(fifo) && supervisor.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(fifo), () -> "the supervisor does not serve: " + read(tmp.resolve("supervisor.out")));
        return supervisor;
    }

    /** Runs {@code distribution}'s launcher on the test's root, logging the classes of any JVM it starts into {@code classes}. */
    private Result launch(Path distribution, Path classes, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/jocker").toString(), "--root",
                jocker.root().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("launch.out").toFile())
                .redirectError(tmp.resolve("launch.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_CDS_OFF", "1");
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "0");
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        Process process = pb.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "no end: " + command);
        return new Result(process.exitValue(), read(tmp.resolve("launch.out")), read(tmp.resolve("launch.err")));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void stopSupervisor(Process supervisor) throws Exception {
        supervisor.destroy();
        assertTrue(supervisor.waitFor(20, TimeUnit.SECONDS), "the supervisor did not stop");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
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
