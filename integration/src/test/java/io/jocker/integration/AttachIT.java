package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code attach} and {@code start -a}: detached containers with a terminal or an open stdin, the
 * detach keys, exit statuses, the logs of a terminal, and Docker's refusals.
 */
class AttachIT extends ContainerFixture {

    private static final String CTRL_P = "\u0010";
    private static final String CTRL_Q = "\u0011";

    @Test
    void attachToAShellTypeSeeTheOutputDetachAndItKeepsRunning() throws Exception {
        String id = detached("-i", "-t", "--name", "shell", "busybox", "sh");
        try (Session attached = Session.onTerminal(jockerCommand("attach", "shell"))) {
            attached.type("echo marker-$((40+2))\n");
            attached.awaitOutput("marker-42");
            attached.type("stty size\n");
            attached.awaitOutput("33 111");
            // Typed one key at a time, as a user does.
            attached.type(CTRL_P);
            Thread.sleep(200);
            attached.type(CTRL_Q);
            assertEquals(1, attached.exitCode(), attached::output);
            assertTrue(attached.output().contains("read escape sequence"), attached::output);
        }
        assertContains(jocker.run("ps", "--filter", "name=shell").stdout(), id.substring(0, 12), "Up ");

        try (Session again = Session.onTerminal(jockerCommand("attach", "--detach-keys", "ctrl-a,x", "shell"))) {
            again.type("echo second-$((1+1))\n");
            again.awaitOutput("second-2");
            again.type("\u0001x");
            assertEquals(1, again.exitCode(), again::output);
        }
        try (Session last = Session.onTerminal(jockerCommand("attach", "shell"))) {
            last.type("exit 3\n");
            assertEquals(3, last.exitCode(), last::output);
        }
        assertContains(jocker.run("ps", "-a", "--filter", "name=shell").stdout(), "Exited (3)");
        assertContains(jocker.run("logs", "shell").stdout(), "marker-42", "second-2");
    }

    @Test
    void attachFeedsTheStdinOfADetachedDashIContainerWhichStaysOpenForTheNextClient() throws Exception {
        detached("-i", "--name", "feed", "busybox", "sh", "-c", "while read l; do echo got:$l; done");
        try (Session first = Session.piped(jockerCommand("attach", "--sig-proxy=false", "feed"))) {
            first.type("hello\n");
            first.awaitOutput("got:hello");
        }
        try (Session second = Session.piped(jockerCommand("attach", "feed"))) {
            second.type("again\n");
            second.awaitOutput("got:again");
            second.closeInput();
            Thread.sleep(300);
            assertTrue(second.isAlive(), "the end of a client's input leaves a detached container's stdin open");
        }
        assertContains(jocker.run("ps", "--filter", "name=feed").stdout(), "Up ");
        assertEquals("got:hello\ngot:again\n", jocker.run("logs", "feed").stdout());
    }

    @Test
    void attachNoStdinShowsTheOutputForwardsNoInputAndDetachesOnCtrlCWithoutSigProxy() throws Exception {
        detached("-i", "--name", "ticker", "busybox", "sh", "-c",
                "while :; do if read -t 1 l; then echo got:$l; else echo tick; fi; done");
        // SIGINT as a terminal sends it, even where this test runs with it ignored (a background job's inheritance).
        List<String> attach = new ArrayList<>(List.of("env", "--default-signal=INT"));
        attach.addAll(jockerCommand("attach", "--no-stdin", "--sig-proxy=false", "ticker"));
        try (Session watcher = Session.piped(attach)) {
            watcher.awaitOutput("tick");
            watcher.type("lost\n");
            try (Session feeder = Session.piped(jockerCommand("attach", "--sig-proxy=false", "ticker"))) {
                feeder.type("seen\n");
                watcher.awaitOutput("got:seen");
            }
            // Docker: without --sig-proxy, CTRL-c detaches and leaves the container running.
            watcher.signal("INT");
            assertEquals(130, watcher.exitCode(), watcher::output);
            assertFalse(watcher.output().contains("got:lost"), watcher::output);
        }
        assertContains(jocker.run("ps", "--filter", "name=ticker").stdout(), "Up ");
        String logs = jocker.run("logs", "ticker").stdout();
        assertContains(logs, "got:seen\n");
        assertFalse(logs.contains("lost"), logs);
    }

    @Test
    void attachEndsWithTheContainersExitStatusAndBothStreams() throws Exception {
        String id = detached("-i", "busybox", "sh", "-c", "read l; echo bye:$l; echo gone >&2; exit 7");
        Result attached = jocker.runWithInput(file("x\n"), "attach", id);
        assertEquals(7, attached.exitCode(), attached::toString);
        assertEquals("bye:x\n", attached.stdout());
        assertEquals("gone\n", attached.stderr());
        assertContains(jocker.run("ps", "-a").stdout(), "Exited (7)");
    }

    @Test
    void startDashAiFeedsTheCreatedContainerAndClosesItsStdinAtTheEnd() throws Exception {
        assertOk(jocker.run("create", "-i", "--name", "cat1", "busybox", "cat"));
        assertContains(jocker.run("inspect", "cat1").stdout(), "\"StdinOnce\": true");
        Result started = jocker.runWithInput(file("a\nb\n"), "start", "-ai", "cat1");
        assertEquals(0, started.exitCode(), started::toString);
        assertEquals("a\nb\n", started.stdout());
        assertContains(jocker.run("ps", "-a", "--filter", "name=cat1").stdout(), "Exited (0)");

        assertOk(jocker.run("create", "--name", "job", "busybox", "sh", "-c", "echo out; echo err >&2; exit 4"));
        Result attachedStart = jocker.run("start", "-a", "job");
        assertEquals(4, attachedStart.exitCode(), attachedStart::toString);
        assertEquals("out\n", attachedStart.stdout());
        assertEquals("err\n", attachedStart.stderr());
    }

    @Test
    void startDashAiOnATerminalDetachesQuietly() throws Exception {
        assertOk(jocker.run("create", "-it", "--name", "term", "busybox", "sh"));
        try (Session started = Session.onTerminal(jockerCommand("start", "-ai", "term"))) {
            started.type("echo inside-$((6*7))\n");
            started.awaitOutput("inside-42");
            started.type(CTRL_P);
            Thread.sleep(200);
            started.type(CTRL_Q);
            assertEquals(0, started.exitCode(), started::output);
            assertFalse(started.output().contains("read escape sequence"), started::output);
        }
        assertContains(jocker.run("ps", "--filter", "name=term").stdout(), "Up ");
    }

    @Test
    void theLogOfATerminalIsOneStreamWithTheTerminalsLineEnds() throws Exception {
        String id = detached("-t", "busybox", "sh", "-c", "echo hello; echo world >&2; tty");
        assertEquals("0\n", jocker.run("wait", id).stdout());
        Result logs = jocker.run("logs", id);
        assertEquals("hello\r\nworld\r\n/dev/pts/0\r\n", logs.stdout());
        assertEquals("", logs.stderr());

        assertOk(jocker.run("create", "-t", "--name", "created", "busybox", "sh", "-c", "test -t 0 && echo terminal"));
        assertOk(jocker.run("start", "created"));
        assertEquals("0\n", jocker.run("wait", "created").stdout());
        assertEquals("terminal\r\n", jocker.run("logs", "created").stdout());
    }

    @Test
    void refusalsUseDockersWordsAndLeaveNothing() throws Exception {
        assertOk(jocker.run("create", "--name", "idle", "busybox", "true"));
        expectError(jocker.run("attach", "idle"), 1, "You cannot attach to a stopped container, start it first");
        expectError(jocker.run("attach", "nosuch"), 1, "jocker: No such container: nosuch");
        detached("--name", "frozen", "busybox", "sleep", "1000");
        assertOk(jocker.run("pause", "frozen"));
        expectError(jocker.run("attach", "frozen"), 1, "You cannot attach to a paused container, unpause it first");
        assertOk(jocker.run("unpause", "frozen"));
        detached("-t", "--name", "tty", "busybox", "sleep", "1000");
        expectError(jocker.run("attach", "tty"), 1, "the input device is not a TTY");
        expectError(jocker.run("attach", "--detach-keys", "ctrl-1", "tty"), 1, "Invalid detach keys (ctrl-1) provided");
        expectError(jocker.run("start", "-a", "idle", "frozen"), 1, "you cannot start and attach multiple containers at once");
        expectError(jocker.run("start", "-a", "nosuch"), 1, "No such container: nosuch");
        assertOk(jocker.run("create", "--name", "broken", "busybox", "/no/such/command"));
        expectError(jocker.run("start", "-a", "broken"), 1, "jocker: ");
        assertContains(jocker.run("ps", "-a", "--filter", "name=broken").stdout(), "Created");
    }

    @Test
    void anAttachedClientLearnsOfASupervisorsDeathAndTheAdoptedContainersStdinStillWorks() throws Exception {
        detached("-i", "--name", "survivor", "busybox", "sh", "-c", "while read l; do echo got:$l; done");
        try (Session attached = Session.piped(jockerCommand("attach", "--sig-proxy=false", "survivor"))) {
            attached.type("one\n");
            attached.awaitOutput("got:one");
            ProcessHandle supervisor = SupervisorProcesses.of(jocker.root()).orElseThrow();
            supervisor.destroyForcibly();
            supervisor.onExit().get(10, TimeUnit.SECONDS);
            assertEquals(1, attached.exitCode(), attached::output);
            assertTrue(attached.output().contains("the jocker supervisor stopped while attached"), attached::output);
        }
        // Attaching starts a new supervisor, which adopts the container and reopens its stdin.
        try (Session again = Session.piped(jockerCommand("attach", "--sig-proxy=false", "survivor"))) {
            again.type("two\n");
            again.awaitOutput("got:two");
        }
        assertContains(jocker.run("logs", "survivor").stdout(), "got:one\n", "got:two\n");
    }

    private void expectError(Result r, int exitCode, String message) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertContains(r.stderr(), message);
        assertEquals(1, r.stderr().lines().count(), r::toString);
    }


    private Path file(String content) throws IOException {
        return Files.writeString(tmp.resolve("input-" + System.nanoTime()), content);
    }

    private List<String> jockerCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** A jocker command the test types into and reads from; killed at the end if still running. */
    private static final class Session implements AutoCloseable {

        private static final long TIMEOUT_MILLIS = 30_000;

        private final Process process;
        private final OutputStream input;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Session(Process process) {
            this.process = process;
            this.input = process.getOutputStream();
            this.reader = new Thread(() -> collect(process.getInputStream()), "session-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Runs {@code command} on a pseudo-terminal of 33 rows and 111 columns, through script(1). */
        static Session onTerminal(List<String> command) throws IOException {
            String inner = "stty rows 33 cols 111; exec " + String.join(" ", command);
            return start(List.of("script", "-qec", inner, "/dev/null"));
        }

        /** Runs {@code command} with its stdin a pipe. */
        static Session piped(List<String> command) throws IOException {
            return start(command);
        }

        private static Session start(List<String> command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // As JockerCli does: a supervisor these commands start must not outlive the test.
            pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "1000");
            return new Session(pb.start());
        }

        private void collect(InputStream in) {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The process ended.
            }
        }

        void type(String text) throws IOException {
            input.write(text.getBytes(StandardCharsets.UTF_8));
            input.flush();
        }

        /** Sends the signal (kill(1)'s name for it) to the command, as a terminal's keys would. */
        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        }

        void closeInput() throws IOException {
            input.close();
        }

        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
            while (!output.toString().contains(text)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never saw \"" + text + "\" in:\n" + output);
                }
                Thread.sleep(20);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running:\n" + output);
            }
            reader.join(5000);
            return process.exitValue();
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
