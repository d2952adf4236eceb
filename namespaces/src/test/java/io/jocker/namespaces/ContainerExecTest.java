package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountInfo;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Stdio;
import io.jocker.spi.User;
import io.jocker.testing.Children;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execs into a real running container; needs root. */
class ContainerExecTest {

    private static final List<String> ENV = List.of("PATH=/bin", "HOME=/root");

    @TempDir static Path shared;
    private static Path rootfs;

    private final Isolator isolator = new NamespaceIsolator();
    private final List<Long> started = new ArrayList<>();
    private ContainerProcess container;
    private int devNull;

    @BeforeAll
    static void buildRootfs() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        rootfs = BusyboxRootfs.unpackInto(Files.createDirectory(shared.resolve("rootfs")));
    }

    @BeforeEach
    void startContainer() throws Exception {
        devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        container = isolator.start(ContainerSpec.builder().id("exec-test").rootfs(rootfs).hostname("exec-host")
                .process(new ProcessSpec(List.of("sleep", "600"), ENV, "/", User.ROOT))
                .security(DefaultSecurity.defaults()).stdio(Stdio.of(devNull, devNull, devNull)).build(), pid -> {});
        started.add(container.pid());
    }

    @AfterEach
    void stopContainerAndCheckLeaks() throws Exception {
        Processes.kill(container.pid(), Processes.SIGKILL);
        assertEquals(ExitStatus.killed(9), container.waitFor());
        Fds.close(devNull);
        assertEquals(List.of(), MountInfo.mountsUnder(shared), "mounts leaked");
        for (long pid : started) {
            assertTrue(ProcStat.startTime(pid).isEmpty(), "process " + pid + " is still there");
        }
        assertEquals(List.of(), Children.ofThisJvm(), "processes left behind");
        try (var gates = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(gates.noneMatch(p -> p.getFileName().toString().startsWith("jocker-exec-")), "gate dir leaked");
        }
    }

    @Test
    void execJoinsEveryNamespaceOfTheContainer() throws Exception {
        Result r = exec(List.of("sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$;"
                + " ls /proc/self/fd; cat /proc/self/mountinfo | cut -d' ' -f5 | grep -c '^/proc$'"), ENV, "/");
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("exec-host", lines.get(0));
        assertEquals("sleep 600 ", lines.get(1));
        assertTrue(Integer.parseInt(lines.get(2)) > 1, "a new PID in the container's namespace: " + lines.get(2));
        assertEquals(List.of("0", "1", "2", "3"), lines.subList(3, 7), "only stdio (3 is ls's directory)");
        assertEquals("1", lines.get(7));
    }

    @Test
    void environmentWorkingDirectoryAndCapabilitiesAreTheExecsOwn() throws Exception {
        Result r = exec(List.of("sh", "-c", "env | sort; pwd; grep CapEff /proc/self/status | cut -f2"),
                List.of("PATH=/bin", "ONLY=this one"), "/etc");
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("ONLY=this one\nPATH=/bin\nPWD=/etc\nSHLVL=1\n/etc\n00000000a80425fb\n", r.out());
    }

    @Test
    void userIsApplied() throws Exception {
        Result r = exec(new ExecSpec(new ProcessSpec(List.of("id"), ENV, "/", new User(65534, 65534, List.of())),
                DefaultSecurity.defaults(), null));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("uid=65534(nobody) gid=65534(nogroup)\n", r.out());
        String jvm = ProcStat.readWhole(Path.of("/proc/self/status"));
        assertTrue(jvm.contains("\nUid:\t0\t0\t0\t0\n"), "the JVM's own credentials are untouched: " + jvm);
    }

    @Test
    void placementHappensBeforeTheCommandRuns() throws Exception {
        Path marker = Files.createDirectory(rootfs.resolve("exec-marker"));
        try {
            AtomicLong placed = new AtomicLong();
            Result r = exec(new ExecSpec(new ProcessSpec(List.of("cat", "/exec-marker/pid"), ENV, "/", User.ROOT),
                    DefaultSecurity.defaults(), null), pid -> {
                        placed.set(pid);
                        Files.writeString(marker.resolve("pid"), Long.toString(pid));
                    });
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals(Long.toString(placed.get()), r.out());
            assertEquals(placed.get(), r.pid());
        } finally {
            Files.deleteIfExists(marker.resolve("pid"));
            Files.delete(marker);
        }
    }

    @Test
    void failedPlacementRunsNothing() throws Exception {
        AtomicLong placed = new AtomicLong();
        IsolationException e = assertThrows(IsolationException.class, () -> exec(
                new ExecSpec(new ProcessSpec(List.of("touch", "/ran"), ENV, "/", User.ROOT), DefaultSecurity.defaults(), null),
                pid -> {
                    placed.set(pid);
                    throw new IllegalStateException("no cgroup");
                }));
        assertTrue(e.getMessage().contains("no cgroup"), e.getMessage());
        started.add(placed.get());
        assertFalse(Files.exists(rootfs.resolve("ran")));
    }

    @Test
    void exitCodesAndInvocationFailures() throws Exception {
        assertEquals(ExitStatus.exited(7), exec(List.of("sh", "-c", "exit 7"), ENV, "/").status());
        CommandInvocationException missing = assertThrows(CommandInvocationException.class,
                () -> exec(List.of("nope"), ENV, "/"));
        assertEquals("exec: \"nope\": executable file not found in $PATH", missing.getMessage());
        assertTrue(missing.notFound());
        CommandInvocationException denied = assertThrows(CommandInvocationException.class,
                () -> exec(List.of("/etc/passwd"), ENV, "/"));
        assertFalse(denied.notFound());
        assertEquals("exec: \"/etc/passwd\": permission denied", denied.getMessage());
    }

    @Test
    void ttyExecGetsAContainerPty() throws Exception {
        ContainerProcess process = isolator.exec(container.pid(), new ExecSpec(
                new ProcessSpec(List.of("sh", "-c", "tty; test -t 0 && echo stdin-tty"), ENV, "/", User.ROOT),
                DefaultSecurity.defaults(), Stdio.terminal(24, 80)), pid -> {});
        started.add(process.pid());
        int master = process.ttyMaster().orElseThrow();
        try {
            assertEquals(ExitStatus.exited(0), process.waitFor());
            String out = readPty(master).replace("\r", "");
            assertTrue(out.matches("/dev/pts/[0-9]+\nstdin-tty\n"), out);
        } finally {
            Fds.close(master);
        }
    }

    @Test
    void ttyExecAsAnotherUserOwnsItsTerminal() throws Exception {
        ContainerProcess process = isolator.exec(container.pid(), new ExecSpec(
                new ProcessSpec(List.of("sh", "-c", "id -u; stat -c %u $(tty)"), ENV, "/", new User(65534, 65534, List.of())),
                DefaultSecurity.defaults(), Stdio.terminal(24, 80)), pid -> {});
        started.add(process.pid());
        int master = process.ttyMaster().orElseThrow();
        try {
            assertEquals(ExitStatus.exited(0), process.waitFor());
            assertEquals("65534\n65534\n", readPty(master).replace("\r", ""));
        } finally {
            Fds.close(master);
        }
    }

    @Test
    void missingWorkingDirectoryIsNotAMissingCommand() {
        IsolationException e = assertThrows(IsolationException.class, () -> exec(List.of("true"), ENV, "/no/dir"));
        assertFalse(e instanceof CommandInvocationException);
        assertEquals("chdir to cwd (\"/no/dir\") set in config.json failed: no such file or directory", e.getMessage());
    }

    @Test
    void execIntoAGoneProcessFails() {
        IsolationException e = assertThrows(IsolationException.class, () -> isolator.exec(Integer.MAX_VALUE - 1,
                new ExecSpec(new ProcessSpec(List.of("true"), ENV, "/", User.ROOT), DefaultSecurity.defaults(),
                        Stdio.inherit()), pid -> {}));
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    }

    // --- helpers

    record Result(ExitStatus status, String out, String err, long pid) {}

    private Result exec(List<String> args, List<String> env, String cwd) throws Exception {
        return exec(new ExecSpec(new ProcessSpec(args, env, cwd, User.ROOT), DefaultSecurity.defaults(), null));
    }

    private Result exec(ExecSpec spec) throws Exception {
        return exec(spec, pid -> {});
    }

    /** Runs with /dev/null as stdin and pipes for stdout and stderr (the spec's stdio is replaced). */
    private Result exec(ExecSpec spec, Isolator.Placement placement) throws Exception {
        Fds.Pair out = Fds.pipe(Fds.O_CLOEXEC);
        Fds.Pair err = Fds.pipe(Fds.O_CLOEXEC);
        ContainerProcess process;
        try {
            process = isolator.exec(container.pid(), new ExecSpec(spec.process(), spec.security(),
                    Stdio.of(devNull, out.second(), err.second())), placement);
        } catch (IsolationException e) {
            Fds.close(out.first());
            Fds.close(err.first());
            throw e;
        } finally {
            Fds.close(out.second());
            Fds.close(err.second());
        }
        started.add(process.pid());
        String stdout = readAll(out.first());
        String stderr = readAll(err.first());
        return new Result(process.waitFor(), stdout, stderr, process.pid());
    }

    private static String readAll(int fd) throws LinuxException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = Fds.read(fd, buffer, buffer.length)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } finally {
            Fds.close(fd);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String readPty(int master) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while (Fds.poll(master, Fds.POLLIN, 2000) != 0 && (n = Fds.read(master, buffer, buffer.length)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (LinuxException e) {
            // EIO: the slave side is closed and everything was read.
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
