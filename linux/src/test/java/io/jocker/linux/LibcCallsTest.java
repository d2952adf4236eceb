package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real calls into libc and the kernel; needs root. */
class LibcCallsTest {

    @TempDir Path temp;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "these tests mount and create devices: run as root");
    }

    @AfterEach
    void nothingStaysMounted() throws Exception {
        assertEquals(List.of(), MountInfo.mountsUnder(temp), "mounts leaked under " + temp);
    }

    @Test
    void errnoBecomesATypedExceptionNamingCallPathAndError() {
        LinuxException e = assertThrows(LinuxException.class,
                () -> Mounts.unmount(temp.resolve("missing"), 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("umount2 " + temp.resolve("missing") + ": No such file or directory (ENOENT)", e.getMessage());
    }

    @Test
    void tmpfsMountsUnmountsAndIsSeenInMountinfo() throws Exception {
        Path target = Files.createDirectory(temp.resolve("mnt"));
        Mounts.mount("tmpfs", target, "tmpfs", Mounts.MS_NOSUID, "size=1m,mode=700");
        try {
            assertTrue(MountInfo.isMountPoint(target));
            assertEquals(List.of(target), MountInfo.mountsUnder(temp));
            Path file = Files.writeString(target.resolve("f"), "x");
            Xattrs.set(file, "trusted.jocker", "v1".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), Xattrs.get(file, "trusted.jocker").orElseThrow());
            assertTrue(Xattrs.get(file, "trusted.absent").isEmpty());
            Path device = target.resolve("null");
            Mounts.makeCharDevice(device, 1, 3, 0666);
            Files.writeString(device, "discarded");
            assertEquals("", Files.readString(device));
        } finally {
            Mounts.unmount(target, Mounts.MNT_DETACH);
        }
        assertFalse(MountInfo.isMountPoint(target));
    }

    @Test
    void pipeCarriesBytes() throws Exception {
        Fds.Pair pipe = Fds.pipe(Fds.O_CLOEXEC);
        try {
            Fds.writeFully(pipe.second(), "héllo".getBytes(StandardCharsets.UTF_8));
            Fds.close(pipe.second());
            assertEquals(Fds.POLLIN, Fds.poll(pipe.first(), Fds.POLLIN, 1000) & Fds.POLLIN);
            byte[] buffer = new byte[64];
            int n = Fds.read(pipe.first(), buffer, buffer.length);
            assertEquals("héllo", new String(buffer, 0, n, StandardCharsets.UTF_8));
            assertEquals(0, Fds.read(pipe.first(), buffer, buffer.length));
        } finally {
            Fds.closeQuietly(pipe.first());
        }
    }

    @Test
    void pollOfSeveralFdsReportsEachOnesEventsAndAFifoReaderSeesItsWriterLeave() throws Exception {
        Path fifo = temp.resolve("fifo");
        Mounts.makeFifo(fifo, 0600);
        int reader = Fds.open(fifo.toString(), Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
        int writer = Fds.open(fifo.toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
        Fds.Pair idle = Fds.pipe(Fds.O_CLOEXEC);
        try {
            assertArrayEquals(new int[] {0, 0}, Fds.poll(new int[] {reader, idle.first()}, Fds.POLLIN, 10));
            Fds.writeFully(writer, "x".getBytes(StandardCharsets.UTF_8));
            int[] ready = Fds.poll(new int[] {reader, idle.first(), -1}, Fds.POLLIN, 1000);
            assertEquals(Fds.POLLIN, ready[0] & Fds.POLLIN);
            assertEquals(0, ready[1]);
            assertEquals(0, ready[2], "a negative fd is ignored");
            byte[] buffer = new byte[8];
            assertEquals(1, Fds.read(reader, buffer, buffer.length));
            LinuxException empty = assertThrows(LinuxException.class, () -> Fds.read(reader, buffer, buffer.length));
            assertEquals(Errno.EAGAIN, empty.errno());
            Fds.close(writer);
            writer = -1;
            assertEquals(Fds.POLLHUP, Fds.poll(new int[] {reader}, Fds.POLLIN, 1000)[0] & Fds.POLLHUP);
            assertEquals(0, Fds.read(reader, buffer, buffer.length));
        } finally {
            Fds.closeQuietly(reader);
            Fds.closeQuietly(writer);
            Fds.closeQuietly(idle.first());
            Fds.closeQuietly(idle.second());
        }
    }

    @Test
    void spawnedChildGetsExactArgsEnvAndOnlyMappedFdsAndIsReaped() throws Exception {
        Fds.Pair out = Fds.pipe(Fds.O_CLOEXEC);
        long pid;
        try (Spawn.FileActions actions = new Spawn.FileActions().dup2(out.second(), 1).closeFrom(3);
                Spawn.Attributes attributes = new Spawn.Attributes()
                        .flags((short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSID))
                        .emptySignalMask()) {
            pid = Spawn.spawn("/usr/bin/busybox",
                    List.of("sh", "-c", "echo \"$1|$X\"; ls /proc/self/fd; exit 3", "sh", "a 'b\" ü"),
                    List.of("X=y z"), actions, attributes);
        } finally {
            Fds.close(out.second());
        }
        String output = readAll(out.first());
        Processes.WaitStatus status = Processes.waitpid(pid, 0).orElseThrow();
        assertTrue(status.exited());
        assertEquals(3, status.exitCode());
        assertEquals("a 'b\" ü|y z\n0\n1\n2\n3\n", output, "fd 3 is the directory ls reads");
        assertTrue(ProcStat.startTime(pid).isEmpty(), "reaped child is gone");
    }

    @Test
    void killedChildReportsTheSignal() throws Exception {
        long pid;
        try (Spawn.FileActions actions = new Spawn.FileActions().closeFrom(0);
                Spawn.Attributes attributes = new Spawn.Attributes()) {
            pid = Spawn.spawn("/usr/bin/busybox", List.of("sleep", "30"), List.of(), actions, attributes);
        }
        assertTrue(ProcStat.startTime(pid).getAsLong() > 0);
        int pidfd = Processes.pidfdOpen(pid);
        try {
            assertTrue(Processes.waitpid(pid, Processes.WNOHANG).isEmpty());
            Processes.kill(pid, Processes.SIGKILL);
            assertEquals(Fds.POLLIN, Fds.poll(pidfd, Fds.POLLIN, 5000) & Fds.POLLIN);
            Processes.WaitStatus status = Processes.waitpid(pid, 0).orElseThrow();
            assertFalse(status.exited());
            assertEquals(Processes.SIGKILL, status.termSignal());
        } finally {
            Fds.closeQuietly(pidfd);
        }
    }

    @Test
    void aChildIsZombieUntilReapedAndKillAndReapAcceptOnlyAGoneProcess() throws Exception {
        long child;
        try (Spawn.FileActions actions = new Spawn.FileActions().closeFrom(0);
                Spawn.Attributes attributes = new Spawn.Attributes()) {
            child = Spawn.spawn("/usr/bin/busybox", List.of("sh", "-c", "exit 0"), List.of(), actions, attributes);
        }
        assertFalse(ProcStat.isGoneOrZombie(ProcessHandle.current().pid()), "this JVM runs");
        Processes.exitWithoutReaping(child, 0).orElseThrow();
        assertTrue(ProcStat.isGoneOrZombie(child), "exited, not reaped: a zombie");

        Processes.killAndReap(child);
        assertTrue(ProcStat.startTime(child).isEmpty(), "reaped");
        assertFalse(Processes.signalIfAlive(child, 0), "gone: ESRCH is no failure");
        Processes.reapIfChild(child);
        assertTrue(ProcStat.isGoneOrZombie(child));
        LinuxException notAllowed = assertThrows(LinuxException.class, () -> Processes.signalIfAlive(1, 64 + 1),
                "another errno than ESRCH is thrown");
        assertEquals(Errno.EINVAL, notAllowed.errno());
    }

    @Test
    void anExitIsReadBeforeTheChildIsReapedAndItsPidStaysTakenUntilThen() throws Exception {
        long exited;
        long killed;
        try (Spawn.FileActions actions = new Spawn.FileActions().closeFrom(0);
                Spawn.Attributes attributes = new Spawn.Attributes()) {
            exited = Spawn.spawn("/usr/bin/busybox", List.of("sh", "-c", "exit 7"), List.of(), actions, attributes);
            killed = Spawn.spawn("/usr/bin/busybox", List.of("sleep", "30"), List.of(), actions, attributes);
        }
        assertTrue(Processes.exitWithoutReaping(killed, Processes.WNOHANG).isEmpty(), "still running");
        Processes.kill(killed, Processes.SIGKILL);

        Processes.WaitStatus seven = Processes.exitWithoutReaping(exited, 0).orElseThrow();
        assertTrue(seven.exited());
        assertEquals(7, seven.exitCode());
        assertTrue(ProcStat.startTime(exited).isPresent(), "not reaped: the PID stays taken");
        assertEquals(seven, Processes.waitpid(exited, 0).orElseThrow());
        assertTrue(ProcStat.startTime(exited).isEmpty(), "reaped now");

        Processes.WaitStatus nine = Processes.exitWithoutReaping(killed, 0).orElseThrow();
        assertFalse(nine.exited());
        assertEquals(Processes.SIGKILL, nine.termSignal());
        assertEquals(nine, Processes.waitpid(killed, 0).orElseThrow());
    }

    @Test
    void namespaceOfAFreshThreadDoesNotTouchTheJvm() throws Exception {
        String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Namespaces.unshare(Namespaces.CLONE_NEWUTS);
                Namespaces.setHostname("jocker-test");
                seen.set(Files.readString(Path.of("/proc/thread-self/root/proc/sys/kernel/hostname")).trim());
            } catch (Exception e) {
                seen.set(e);
            }
        });
        thread.start();
        thread.join();
        assertEquals("jocker-test", seen.get());
        assertEquals(hostName, Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
    }

    @Test
    void loopbackOfAFreshNetworkNamespaceComesUp() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Namespaces.unshare(Namespaces.CLONE_NEWNET);
                boolean before = Interfaces.isUp("lo");
                Interfaces.up("lo");
                seen.set(List.of(before, Interfaces.isUp("lo")));
            } catch (Exception e) {
                seen.set(e);
            }
        });
        thread.start();
        thread.join();
        assertEquals(List.of(false, true), seen.get());
    }

    @Test
    void everyBindingGroupLoads() {
        NativeBindings.loadAll();
    }

    @Test
    void capabilitiesOfRootAreReadable() throws Exception {
        Credentials.CapabilitySets sets = Credentials.get();
        assertNotEquals(0L, sets.effective());
        assertEquals(sets.effective(), sets.permitted());
    }

    @Test
    void ptyHasAWindowSizeAndAPeer() throws Exception {
        Terminals.Pty pty = Terminals.openPty();
        try {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            Terminals.setWindowSize(pty.master(), new Terminals.WindowSize(33, 101));
            int slave = Terminals.openPeer(pty.master(), Fds.O_RDWR | Fds.O_NOCTTY | Fds.O_CLOEXEC);
            try {
                assertEquals(new Terminals.WindowSize(33, 101), Terminals.windowSize(slave));
                byte[] previous = Terminals.makeRaw(slave);
                Terminals.restore(slave, previous);
                assertArrayEquals(previous, Terminals.attributes(slave));
            } finally {
                Fds.close(slave);
            }
        } finally {
            Fds.close(pty.master());
        }
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
            Fds.closeQuietly(fd);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
