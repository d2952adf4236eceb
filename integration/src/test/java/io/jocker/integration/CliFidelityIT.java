package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a Docker user's habits rely on, with a supervisor running (so that the launcher's fast
 * path serves what it can) and in a JVM of the command's own: usage on {@code --help}, Docker's
 * wording and exit status for a missing container, {@code exec -d} returning at once, {@code run
 * -it} refused without a terminal, and no message that names a Java class.
 */
class CliFidelityIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    /** The commands the launcher hands to a running supervisor (bin/jocker's fast path). */
    private static final List<String> SERVED = List.of("ps", "logs", "rm", "inspect", "wait", "stop", "kill", "start",
            "restart", "rename", "pause", "unpause", "top", "images", "info", "run", "exec", "create", "commit", "import",
            "load", "save", "export");

    private JockerCli inJvm;

    @BeforeEach
    void startAContainerAndItsSupervisor() throws Exception {
        detached("--name", "box", "busybox", "sleep", "1000");
        // The fast path leaves a command whose drivers come from the environment to a JVM of its own.
        inJvm = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.JVM).env("JOCKER_STORAGE_DRIVER", "overlay");
    }

    @Test
    void everyServedCommandAnswersHelpWithoutAJvm() throws Exception {
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER)
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        for (String command : SERVED) {
            for (String flag : command.equals("run") || command.equals("create") ? List.of("--help") : List.of("--help", "-h")) {
                Result help = traced.run(command, flag);
                assertOk(help);
                assertTrue(help.stdout().startsWith("Usage: jocker " + command), help::toString);
                assertEquals("", help.stderr());
            }
        }
        assertFalse(Files.exists(classes), "a JVM started for the help of a command the supervisor runs");
        Result nested = jocker.run("help", "volume", "ls");
        assertOk(nested);
        assertTrue(nested.stdout().startsWith("Usage: jocker volume ls"), nested::toString);
    }

    @Test
    void aMissingContainerIsOneLineAndExit1InEveryCommand() throws Exception {
        List<List<String>> commands = List.of(List.of("start", "nosuch"), List.of("stop", "nosuch"), List.of("restart", "nosuch"),
                List.of("kill", "nosuch"), List.of("rm", "nosuch"), List.of("pause", "nosuch"), List.of("unpause", "nosuch"),
                List.of("update", "-m", "64m", "nosuch"), List.of("wait", "nosuch"), List.of("logs", "nosuch"),
                List.of("exec", "nosuch", "true"), List.of("exec", "-d", "nosuch", "true"), List.of("rename", "nosuch", "other"),
                List.of("top", "nosuch"), List.of("export", "nosuch"), List.of("commit", "nosuch"), List.of("attach", "nosuch"),
                List.of("start", "-a", "nosuch"), List.of("stats", "--no-stream", "nosuch"));
        for (List<String> args : commands) {
            for (JockerCli cli : List.of(jocker, inJvm)) {
                Result r = cli.run(args.toArray(String[]::new));
                assertEquals(1, r.exitCode(), () -> args + ": " + r);
                assertEquals("jocker: No such container: nosuch\n", r.stderr(), () -> args + ": " + r);
                assertEquals("", r.stdout(), () -> args + ": " + r);
            }
        }
        Result run = jocker.run("run", "--rm", "nosuch-image");
        assertEquals(125, run.exitCode(), "run reports its own failures with 125, as Docker's does");
    }

    @Test
    void execDetachedReturnsAtOnceHoldingNoneOfTheCallersDescriptors() throws Exception {
        // Served, the launcher relays the command's output until no process holds it: a process
        // that held it would keep the command waiting until it ends (JockerCli times out first).
        assertEquals(new Result(0, "", ""), jocker.run("exec", "-d", "box", "sleep", "100001"));
        assertEquals(new Result(0, "", ""), inJvm.run("exec", "-d", "box", "sleep", "100002"));
        for (String command : List.of("sleep 100001", "sleep 100002")) {
            long pid = pidOf(command);
            for (int fd = 0; fd <= 2; fd++) {
                assertEquals("/dev/null", Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd))).toString(),
                        command + ", fd " + fd);
            }
        }
    }

    @Test
    void aTerminalWithInputNeedsATerminalAsStdin() throws Exception {
        Result run = jocker.run("run", "-it", "busybox", "true");
        assertEquals(new Result(1, "", "jocker: the input device is not a TTY\n"), run);
        assertEquals(1, jocker.run("ps", "-aq").stdout().lines().count(), "run -it created nothing");
        assertEquals(new Result(1, "", "jocker: the input device is not a TTY\n"), jocker.run("exec", "-it", "box", "true"));
        assertEquals(new Result(1, "", "jocker: No such container: nosuch\n"), jocker.run("exec", "-it", "nosuch", "true"),
                "a missing container is reported first, as Docker does");
    }

    @Test
    void theGeneratedHostsFileEndsWithANewline() throws Exception {
        Result run = runBusybox("cat", "/etc/hosts");
        assertOk(run);
        assertTrue(run.stdout().endsWith("\n") && !run.stdout().endsWith("\n\n"), run::toString);
        Result exec = jocker.run("exec", "box", "cat", "/etc/hosts");
        assertTrue(exec.stdout().endsWith("\n") && !exec.stdout().endsWith("\n\n"), exec::toString);
    }

    @Test
    void brokenArchivesFlagsAndFilesNeverShowAJavaClass() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("inputs"));
        byte[] tar = Files.readAllBytes(BusyboxRootfs.tar());
        byte[] gzipped = gzip(tar);
        Path truncatedGzip = Files.write(work.resolve("truncated.tgz"), Arrays.copyOf(gzipped, gzipped.length / 2));
        byte[] corrupt = gzipped.clone();
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 64; i++) {
            corrupt[i] ^= 0x5a;
        }
        Path corruptGzip = Files.write(work.resolve("corrupt.tgz"), corrupt);
        Path truncatedTar = Files.write(work.resolve("truncated.tar"), Arrays.copyOf(tar, 30_000));
        Path text = Files.writeString(work.resolve("text.txt"), "hello\n");
        assertOk(jocker.run("save", "-o", work.resolve("saved.tar").toString(), "busybox"));
        byte[] saved = gzip(Files.readAllBytes(work.resolve("saved.tar")));
        Path truncatedSave = Files.write(work.resolve("saved-truncated.tgz"), Arrays.copyOf(saved, saved.length / 2));
        Path nulEnv = Files.write(work.resolve("nul.env"), "A=1\nB=x\0y\n".getBytes(StandardCharsets.UTF_8));
        Path latin1Env = Files.write(work.resolve("latin1.env"), new byte[] {'A', '=', (byte) 0xe9, '\n'});
        Path dir = Files.createDirectories(work.resolve("dir"));
        String imagesBefore = jocker.run("images", "-q").stdout();

        List<List<String>> commands = new ArrayList<>();
        for (Path archive : List.of(truncatedGzip, corruptGzip, truncatedTar, text, truncatedSave, work.resolve("missing.tar"))) {
            commands.add(List.of("load", "-i", archive.toString()));
        }
        for (Path archive : List.of(truncatedGzip, corruptGzip, truncatedTar, work.resolve("missing.tar"))) {
            commands.add(List.of("import", archive.toString(), "broken"));
        }
        for (Path envFile : List.of(nulEnv, latin1Env, dir, work.resolve("missing.env"))) {
            commands.add(List.of("run", "--rm", "--env-file", envFile.toString(), "busybox", "true"));
            commands.add(List.of("create", "--env-file", envFile.toString(), "busybox", "true"));
            commands.add(List.of("exec", "--env-file", envFile.toString(), "box", "true"));
        }
        commands.addAll(List.of(List.of("-l", "loud", "ps"), List.of("save", "-o", dir.toString(), "busybox"),
                List.of("export", "-o", dir.toString(), "box"), List.of("run", "--rm", "-v", "a:b:c:d", "busybox", "true"),
                List.of("run", "--rm", "--mount", "nonsense", "busybox", "true"), List.of("run", "--rm", "-m", "1x", "busybox", "true"),
                List.of("stop", "-t", "x", "box"), List.of("kill", "-s", "BOGUS", "box"), List.of("logs", "--since", "bogus", "box"),
                List.of("ps", "--filter", "bogus"), List.of("volume", "create", "../x"), List.of("tag", "busybox", "Bad:Tag:x"),
                List.of("rmi", "nosuch"), List.of("history", "nosuch"), List.of("no-such-command")));

        for (List<String> args : commands) {
            for (JockerCli cli : List.of(jocker, inJvm)) {
                Result r = cli.run(args.toArray(String[]::new));
                assertNotEquals(0, r.exitCode(), () -> args + ": " + r);
                assertTrue(r.stderr().startsWith("jocker: "), () -> args + ": " + r);
                assertFalse(r.stderr().contains("Exception") || r.stderr().contains("java."), () -> args + ": " + r);
            }
        }
        assertEquals("jocker: invalid image archive: the gzip stream ends early: the file is truncated\n",
                jocker.run("load", "-i", truncatedGzip.toString()).stderr());
        assertEquals("jocker: invalid env file (" + nulEnv + "): a NUL byte at line 2\n",
                jocker.run("run", "--rm", "--env-file", nulEnv.toString(), "busybox", "true").stderr());
        assertEquals(imagesBefore, jocker.run("images", "-q").stdout(), "no image was added");
        assertEquals(1, jocker.run("ps", "-aq").stdout().lines().count(), "no container was added");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** The host PID of the process of this root whose command line is {@code command}. */
    private long pidOf(String command) {
        return ProcessHandle.allProcesses()
                .filter(h -> cmdline(h.pid()).equals(command))
                .filter(h -> LeakCheck.isInside(h.pid(), jocker.root()))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + command));
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
