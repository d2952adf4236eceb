package io.jocker.namespaces;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import io.jocker.linux.NativeBindings;
import io.jocker.linux.Namespaces;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Seccomp;
import io.jocker.linux.ProcessLimits;
import io.jocker.linux.Processes;
import io.jocker.linux.RootedDir;
import io.jocker.linux.Spawn;
import io.jocker.linux.Terminals;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator.Placement;
import io.jocker.spi.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts a process inside a running container. A fresh thread unshares CLONE_FS, joins the
 * container's ipc, uts, net, pid, cgroup and mnt namespaces (mnt last, stopping at the first
 * failure), takes the process's credentials with raw per-thread syscalls and calls posix_spawn.
 *
 * <p>Placement before the command runs: posix_spawn offers no "start stopped", so the child's
 * first file action opens a FIFO (through {@code /proc/self/fd}) for reading, which blocks it
 * before execve. Meanwhile this thread finds the child in {@code /proc/self/task/TID/children},
 * places it, and only then opens the FIFO for writing, which lets the child go on and exec.
 */
final class ContainerExec {

    private static final List<String> NAMESPACES = List.of("ipc", "uts", "net", "pid", "cgroup", "mnt");
    private static final long TIMEOUT_MILLIS = 30_000;

    private final long containerPid;
    private final ExecSpec spec;
    private final Path containerRoot;

    ContainerExec(long containerPid, ExecSpec spec) {
        this.containerPid = containerPid;
        this.spec = spec;
        this.containerRoot = Path.of("/proc", Long.toString(containerPid), "root");
    }

    ContainerProcess start(Placement placement) throws IsolationException {
        // After setns(mnt) the spawning thread sees the container's files: class loading must be done.
        NativeBindings.loadAll();
        preload(CapabilityDropper.class, ProcessIdentity.class, Seccomp.class);
        List<Integer> namespaceFds = new ArrayList<>();
        Gate gate = null;
        int master = -1;
        RootedDir root = null;
        try {
            for (String ns : NAMESPACES) {
                namespaceFds.add(openNamespace(ns));
            }
            // The container's root by descriptor: every path of it is resolved inside it by the kernel.
            root = RootedDir.of(containerRoot);
            checkWorkingDirectory(root, spec.process().cwd());
            String command = resolve(root, spec.process());
            int lastCapability = CapabilityDropper.lastCapability();
            gate = Gate.create();
            Spawn.Program program = new Spawn.Program(command, spec.process().args(), spec.process().env());
            Terminals.Pty pty = null;
            if (spec.stdio().tty()) {
                master = openMaster(root);
                pty = new Terminals.Pty(master, "/dev/pts/" + Terminals.slaveNumber(master));
                if (spec.stdio().rows() > 0 && spec.stdio().columns() > 0) {
                    Terminals.setWindowSize(master, new Terminals.WindowSize(spec.stdio().rows(), spec.stdio().columns()));
                }
                // The child opens the slave with the user's credentials already in place.
                giveSlave(master, spec.process().user().uid());
            }
            long pid = spawn(program, pty, gate, namespaceFds, lastCapability, placement);
            int pidfd = Processes.pidfdOpen(pid);
            long startTime = ProcStat.startTime(pid).orElse(0);
            return new SpawnedProcess(pid, startTime, master >= 0 ? OptionalInt.of(master) : OptionalInt.empty(), pidfd);
        } catch (IOException e) {
            Fds.closeQuietly(master);
            throw new IsolationException("exec in container process " + containerPid + ": " + e.getMessage(), e);
        } catch (IsolationException | RuntimeException e) {
            Fds.closeQuietly(master);
            throw e;
        } finally {
            if (root != null) {
                root.close();
            }
            namespaceFds.forEach(Fds::closeQuietly);
            if (gate != null) {
                gate.close();
            }
        }
    }

    private static void preload(Class<?>... classes) {
        for (Class<?> c : classes) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("jocker class missing: " + e.getMessage(), e);
            }
        }
    }

    private int openNamespace(String ns) throws IOException {
        Path path = Path.of("/proc", Long.toString(containerPid), "ns", ns);
        try {
            return Fds.open(path.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new IOException("container process " + containerPid + " is not running", e);
            }
            throw e;
        }
    }

    /** Checked here: posix_spawn would report a missing directory as a missing command. */
    static void checkWorkingDirectory(RootedDir root, String cwd) throws IOException, IsolationException {
        if (!stat(root, cwd).map(FileStat::isDirectory).orElse(false)) {
            throw new IsolationException("chdir to cwd (\"" + cwd + "\") set in config.json failed: no such file or directory");
        }
    }

    /** What {@code path} leads to inside the root (links followed inside it); empty when nothing is there. */
    private static Optional<FileStat> stat(RootedDir root, String path) throws LinuxException {
        int fd;
        try {
            fd = root.open(path, true);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(AtFiles.stat(fd));
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /**
     * A new terminal of the container's own devpts: its {@code ptmx} found inside the root and
     * reopened through the descriptor, so that nothing but that character device is ever opened.
     */
    static int openMaster(RootedDir root) throws IOException {
        int ptmx = root.open("/dev/pts/ptmx", true);
        try {
            if (AtFiles.stat(ptmx).type() != FileStat.S_IFCHR) {
                throw new IOException("/dev/pts/ptmx in the container is not a character device");
            }
            return Terminals.openMaster("/proc/self/fd/" + ptmx);
        } finally {
            Fds.closeQuietly(ptmx);
        }
    }

    /** The master's slave, reached without a path (TIOCGPTPEER), becomes the user's. */
    static void giveSlave(int master, int uid) throws LinuxException {
        int slave = Terminals.openPeer(master, Fds.O_RDWR | Fds.O_NOCTTY | Fds.O_CLOEXEC);
        try {
            AtFiles.chown(slave, uid, -1);
        } finally {
            Fds.closeQuietly(slave);
        }
    }

    /** The absolute container path of the command, looked up in the container's root as the container sees it. */
    static String resolve(RootedDir root, ProcessSpec process) throws IOException, CommandInvocationException {
        String command = process.args().get(0);
        if (command.startsWith("/")) {
            return command;
        }
        if (command.contains("/")) {
            return process.cwd() + "/" + command;
        }
        for (String candidate : CommandResolver.searchPath(command, process.env())) {
            if (stat(root, candidate).filter(file -> !file.isDirectory()).isPresent()) {
                return candidate;
            }
        }
        throw new CommandInvocationException(CommandResolver.notFoundMessage(command), true);
    }

    private long spawn(Spawn.Program program, Terminals.Pty pty, Gate gate, List<Integer> namespaceFds,
            int lastCapability, Placement placement) throws IOException, IsolationException {
        ProcessSpec process = spec.process();
        ProcessIdentity identity = new ProcessIdentity(process.user().uid(), process.user().gid(),
                process.user().additionalGids(), spec.security().privileged(), spec.security().capabilities(),
                spec.security().noNewPrivileges(), spec.security().seccompFilter());
        CompletableFuture<Long> tid = new CompletableFuture<>();
        CompletableFuture<Long> result = new CompletableFuture<>();
        try (Spawn.FileActions actions = fileActions(pty, gate, process.cwd());
                Spawn.Attributes attributes = new Spawn.Attributes().flags(spawnFlags(pty)).emptySignalMask().allSignalsDefault()) {
            Thread thread = new Thread(() -> {
                try {
                    tid.complete(Processes.gettid());
                    Namespaces.unshare(Namespaces.CLONE_FS);
                    for (int i = 0; i < NAMESPACES.size(); i++) {
                        Namespaces.setns(namespaceFds.get(i), 0, NAMESPACES.get(i) + " namespace of process " + containerPid);
                    }
                    // This thread's filter only: the engine's JVM goes on unfiltered.
                    CapabilityDropper.apply(identity, lastCapability, false);
                    result.complete(Spawn.spawn(program, actions, attributes));
                } catch (LinuxException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, "jocker-exec-" + containerPid);
            thread.start();
            long child = -1;
            try {
                child = awaitChild(tid.join(), result);
                placement.place(child);
                applyLimits(child);
                gate.open(result);
            } catch (Exception e) {
                if (child > 0) {
                    killAndReap(child, thread, e);
                }
                NamespaceSpawner.joinUninterruptibly(thread);
                if (e instanceof IsolationException isolation) {
                    throw isolation;
                }
                throw new IsolationException("exec in container process " + containerPid + ": placing the process failed: "
                        + e.getMessage(), e);
            }
            NamespaceSpawner.joinUninterruptibly(thread);
            return spawnResult(result, program);
        }
    }

    /** The container's limits, set from here: the child cannot raise a hard limit without CAP_SYS_RESOURCE. */
    private void applyLimits(long child) throws LinuxException {
        for (InitConfig.RlimitSpec rlimit : NamespaceIsolator.rlimits(spec.security())) {
            Processes.prlimit(child, rlimit.resource(), rlimit.soft(), rlimit.hard());
        }
        if (spec.security().oomScoreAdj() != 0) {
            ProcessLimits.setOomScoreAdj(child, spec.security().oomScoreAdj());
        }
    }

    private long spawnResult(CompletableFuture<Long> result, Spawn.Program program) throws IsolationException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsolationException("interrupted while starting the exec process", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String command = spec.process().args().get(0);
            if (cause instanceof LinuxException linux && linux.call().equals("posix_spawn")) {
                throw switch (linux.errno()) {
                    case Errno.ENOENT -> new CommandInvocationException(CommandResolver.notFoundMessage(command), true);
                    case Errno.EACCES -> new CommandInvocationException("exec: \"" + command + "\": permission denied", false);
                    case Errno.ENOEXEC -> new CommandInvocationException("exec: \"" + command + "\": exec format error", false);
                    default -> new CommandInvocationException("exec: \"" + command + "\": " + linux.getMessage(), false);
                };
            }
            throw new IsolationException("exec in container process " + containerPid + ": " + cause.getMessage(), cause);
        }
    }

    private static short spawnFlags(Terminals.Pty pty) {
        short flags = (short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF);
        return pty == null ? flags : (short) (flags | Spawn.POSIX_SPAWN_SETSID);
    }

    /**
     * The gate first, so the child blocks before anything else; then stdio (a session leader
     * opening its tty slave without O_NOCTTY makes it the controlling terminal), the working
     * directory, and nothing else open.
     */
    private Spawn.FileActions fileActions(Terminals.Pty pty, Gate gate, String cwd) throws LinuxException {
        Spawn.FileActions actions = new Spawn.FileActions();
        try {
            int[] stdio = {spec.stdio().stdin(), spec.stdio().stdout(), spec.stdio().stderr()};
            int base = 3;
            for (int fd : stdio) {
                base = Math.max(base, fd + 1);
            }
            base = Math.max(base, gate.pathFd() + 1);
            actions.open(base + 3, "/proc/self/fd/" + gate.pathFd(), Fds.O_RDONLY, 0).close(base + 3);
            if (pty != null) {
                actions.open(0, pty.slavePath(), Fds.O_RDWR, 0).dup2(0, 1).dup2(0, 2);
            } else {
                for (int i = 0; i < 3; i++) {
                    actions.dup2(stdio[i], base + i);
                }
                for (int i = 0; i < 3; i++) {
                    actions.dup2(base + i, i);
                }
            }
            actions.chdir(cwd).closeFrom(3);
            return actions;
        } catch (LinuxException e) {
            actions.close();
            throw e;
        }
    }

    /** The spawning thread's only child, once posix_spawn created it (it then blocks on the gate). */
    private static long awaitChild(long tid, CompletableFuture<Long> result) throws IOException, IsolationException {
        Path children = Path.of("/proc/self/task", Long.toString(tid), "children");
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (result.isDone()) {
                throw new IsolationException("the exec process ended before it could be placed: " + describe(result));
            }
            String listed = Files.exists(children) ? ProcStat.readWhole(children).trim() : "";
            if (!listed.isEmpty()) {
                return Long.parseLong(listed.split(" ")[0]);
            }
            Thread.onSpinWait();
        }
        throw new IOException("the exec process did not appear in time");
    }

    private static String describe(CompletableFuture<Long> result) {
        try {
            return "process " + result.join() + " exited";
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        }
    }

    private static void killAndReap(long pid, Thread spawner, Exception cause) {
        try {
            Processes.signalIfAlive(pid, Processes.SIGKILL);
            NamespaceSpawner.joinUninterruptibly(spawner);
            // posix_spawn may have reaped it after a failed exec.
            Processes.reapIfChild(pid);
        } catch (LinuxException e) {
            cause.addSuppressed(e);
        }
    }

    /** A FIFO that exists only as an O_PATH fd: unlinked at once, reopened through /proc/self/fd. */
    private record Gate(int pathFd) implements AutoCloseable {

        static Gate create() throws IOException {
            Path dir = Files.createTempDirectory("jocker-exec-");
            try {
                Path fifo = dir.resolve("gate");
                Fds.mkfifo(fifo.toString(), 0600);
                try {
                    return new Gate(Fds.open(fifo.toString(), Fds.O_PATH | Fds.O_CLOEXEC));
                } finally {
                    Files.delete(fifo);
                }
            } finally {
                Files.delete(dir);
            }
        }

        /** Lets the child through: opening for writing succeeds once it waits on the read side. */
        void open(CompletableFuture<Long> result) throws IOException, IsolationException {
            long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    Fds.close(Fds.open("/proc/self/fd/" + pathFd, Fds.O_WRONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC));
                    return;
                } catch (LinuxException e) {
                    if (e.errno() != Errno.ENXIO) {
                        throw e;
                    }
                }
                if (result.isDone()) {
                    throw new IsolationException("the exec process ended before it was released: " + describe(result));
                }
                Thread.onSpinWait();
            }
            throw new IOException("the exec process did not reach its start gate in time");
        }

        @Override
        public void close() {
            Fds.closeQuietly(pathFd);
        }
    }
}
