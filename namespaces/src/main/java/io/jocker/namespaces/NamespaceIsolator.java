package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountInfo;
import io.jocker.linux.Mounts;
import io.jocker.linux.ProcStat;
import io.jocker.linux.ProcessLimits;
import io.jocker.linux.Terminals;
import io.jocker.linux.Processes;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator;
import io.jocker.spi.Stdio;
import io.jocker.spi.Mount;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Security;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts a container's first process: a small init JVM spawned into new namespaces sets up the
 * root file system, waits until the engine placed it in cgroups, then execs the user command as
 * PID 1.
 */
final class NamespaceIsolator implements Isolator {

    static final String NAME = "namespaces";

    /** Generous: the init JVM starts in about 0.1 to 0.2 s, far slower on a loaded machine. */
    private static final long INIT_TIMEOUT_MILLIS = 60_000;

    private final SpareInits spares = new SpareInits();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Spares> openSpares() {
        // A training run (bin/jocker-cds) records the classes of the inits of its containers;
        // spares, killed at its end, would leave partial lists of their own.
        if (System.getProperty(InitCommand.CLASS_LIST_PROPERTY) != null) {
            return Optional.empty();
        }
        return Optional.of(spares.open());
    }

    @Override
    public ContainerProcess start(ContainerSpec spec, Placement placement) throws IsolationException {
        InitConfig config = initConfig(spec);
        if (!Files.isDirectory(spec.rootfs())) {
            throw new IsolationException("container " + spec.id() + ": root file system " + spec.rootfs() + " is not a directory");
        }
        byte[] encoded = InitConfigCodec.encode(config);
        // A spare's namespaces are all new: a container sharing one starts afresh. A spare's mount
        // namespace may predate the start gate's FIFO.
        Optional<SpareInits.Spare> spare = spec.sharedNamespaces().isEmpty() && spec.startGate() == null
                && spec.preservedFds().isEmpty() ? spares.take(s -> fits(spec, s)) : Optional.empty();
        try {
            return spare.isPresent() ? startOnSpare(spec, spare.get(), encoded, placement) : startFresh(spec, encoded, placement);
        } finally {
            spares.replenish();
        }
    }

    private ContainerProcess startFresh(ContainerSpec spec, byte[] encoded, Placement placement) throws IsolationException {
        Fds.Pair sockets;
        try {
            sockets = Fds.socketPair(Fds.SOCK_STREAM | Fds.SOCK_CLOEXEC);
        } catch (LinuxException e) {
            throw new IsolationException("container " + spec.id() + ": " + e.getMessage(), e);
        }
        long pid;
        int devNull = -1;
        try {
            int[] stdio;
            if (spec.stdio().tty()) {
                devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
                stdio = new int[] {devNull, devNull, devNull};
            } else {
                stdio = new int[] {spec.stdio().stdin(), spec.stdio().stdout(), spec.stdio().stderr()};
            }
            try (SharedNamespaces namespaces = SharedNamespaces.open(spec.sharedNamespaces())) {
                pid = NamespaceSpawner.spawn(spec.id(), InitCommand.argv(), InitCommand.ENVIRONMENT, stdio, sockets.second(),
                        spec.preservedFds(), namespaces);
            }
        } catch (LinuxException e) {
            Fds.closeQuietly(sockets.first());
            throw new IsolationException("container " + spec.id() + ": cannot start the container init: " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(sockets.second());
            Fds.closeQuietly(devNull);
        }
        return handshake(spec.id(), spec.stdio(), pid, new InitChannel(sockets.first()), sockets.first(), encoded, placement);
    }

    /**
     * A spare's mount namespace is a copy from before this container: the root file system
     * reaches it as a detached mount, but a bind mount's source must look the same there as
     * here: no mount at, above or below it may have been made since the copy.
     */
    private static boolean fits(ContainerSpec spec, SpareInits.Spare spare) {
        List<Path> sources = spec.mounts().stream()
                .filter(m -> m.type().equals("bind") || m.options().contains("bind") || m.options().contains("rbind"))
                .map(m -> Path.of(m.source()).toAbsolutePath().normalize())
                .toList();
        if (sources.isEmpty()) {
            return true;
        }
        try {
            return MountInfo.read().stream()
                    .filter(mount -> sources.stream().anyMatch(source -> source.startsWith(mount.mountPoint())
                            || mount.mountPoint().startsWith(source)))
                    .allMatch(mount -> spare.mountIds().contains(mount.id()));
        } catch (IOException e) {
            return false;
        }
    }

    /** The spare takes the container's stdio (a tty container keeps /dev/null: the init opens its terminal) and root file system. */
    private ContainerProcess startOnSpare(ContainerSpec spec, SpareInits.Spare spare, byte[] config, Placement placement)
            throws IsolationException {
        InitChannel channel = new InitChannel(spare.channel());
        Stdio stdio = spec.stdio();
        int tree = -1;
        try {
            tree = Mounts.openTreeClone(spec.rootfs());
            ByteBuffer handover = ByteBuffer.allocate(16);
            if (stdio.tty()) {
                handover.putInt(-1).putInt(-1).putInt(-1);
            } else {
                handover.putInt(stdio.stdin()).putInt(stdio.stdout()).putInt(stdio.stderr());
            }
            channel.send(InitChannel.HANDOVER, handover.putInt(tree).array());
            // The init takes its copies before it reports ready, which the handshake waits for.
            return handshake(spec.id(), stdio, spare.pid(), channel, spare.channel(), config, placement);
        } catch (LinuxException e) {
            killAndReap(spare.pid(), e);
            Fds.closeQuietly(spare.channel());
            throw new IsolationException("container " + spec.id() + ": cannot hand the container to its init: " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(tree);
        }
    }

    private ContainerProcess handshake(String id, Stdio stdio, long pid, InitChannel channel, int channelFd, byte[] config,
            Placement placement) throws IsolationException {
        int pidfd = -1;
        int master = -1;
        try {
            pidfd = Processes.pidfdOpen(pid);
            long startTime = ProcStat.startTime(pid).orElseThrow(() -> new IOException("the container init exited at once"));
            channel.send(InitChannel.CONFIG, config);
            InitChannel.Message ready = expectReady(id, channel.receive(INIT_TIMEOUT_MILLIS));
            int initMaster = ready.number();
            if (initMaster >= 0) {
                master = Processes.pidfdGetfd(pidfd, initMaster);
                if (stdio.rows() > 0 && stdio.columns() > 0) {
                    Terminals.setWindowSize(master, new Terminals.WindowSize(stdio.rows(), stdio.columns()));
                }
            }
            // Only once the init is ready: a JVM that still starts threads or allocates would
            // fail inside a container's pids or memory limit (--pids-limit 10 did).
            try {
                placement.place(pid);
            } catch (Exception e) {
                throw new IsolationException("container " + id + ": placing process " + pid + " failed: " + e.getMessage(), e);
            }
            channel.send(InitChannel.GO, new byte[0]);
            Optional<InitChannel.Message> outcome = channel.receive(INIT_TIMEOUT_MILLIS);
            if (outcome.isPresent() && outcome.get().type() != InitChannel.GATED) {
                throw failure(id, outcome.get());
            }
            return new SpawnedProcess(pid, startTime, master >= 0 ? OptionalInt.of(master) : OptionalInt.empty(), pidfd);
        } catch (IsolationException | IOException | RuntimeException e) {
            killAndReap(pid, e);
            Fds.closeQuietly(pidfd);
            Fds.closeQuietly(master);
            if (e instanceof IsolationException isolation) {
                throw isolation;
            }
            throw new IsolationException("container " + id + ": container init failed: " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(channelFd);
        }
    }

    private static InitChannel.Message expectReady(String id, Optional<InitChannel.Message> message) throws IsolationException {
        if (message.isEmpty()) {
            throw new IsolationException("container " + id + ": the container init exited before it was ready"
                    + " (its error output went to the container's stderr)");
        }
        if (message.get().type() != InitChannel.READY) {
            throw failure(id, message.get());
        }
        return message.get();
    }

    private static IsolationException failure(String id, InitChannel.Message message) {
        return switch (message.type()) {
            case InitChannel.NOT_FOUND -> new CommandInvocationException(message.text(), true);
            case InitChannel.NOT_EXECUTABLE -> new CommandInvocationException(message.text(), false);
            case InitChannel.FAILED -> new IsolationException("container " + id + ": " + message.text());
            default -> new IsolationException("container " + id + ": unexpected message from the container init: " + message.type());
        };
    }

    /** The init may already be gone (it exits after reporting a failure); a failure to reap it joins {@code cause}. */
    static void killAndReap(long pid, Exception cause) {
        try {
            Processes.killAndReap(pid);
        } catch (LinuxException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public ContainerProcess exec(long containerPid, ExecSpec spec, Placement placement) throws IsolationException {
        if (containerPid <= 0) {
            throw new IsolationException("exec: no such container process " + containerPid);
        }
        return new ContainerExec(containerPid, spec).start(placement);
    }

    static InitConfig initConfig(ContainerSpec spec) {
        ProcessSpec process = spec.process();
        Security security = spec.security();
        List<InitConfig.MountSpec> mounts = spec.mounts().stream()
                .map((Mount m) -> new InitConfig.MountSpec(m.type(), m.source(), m.destination(), m.options()))
                .toList();
        List<InitConfig.CgroupMountSpec> cgroupMounts = spec.cgroupMounts().stream()
                .map(m -> new InitConfig.CgroupMountSpec(m.directory(), m.type(), m.options(), m.links()))
                .toList();
        return new InitConfig(
                spec.rootfs().toAbsolutePath().toString(),
                // Sharing the host's UTS namespace (or another's), the container must never set its name.
                spec.sharedNamespaces().containsKey("uts") ? "" : spec.hostname(),
                process.args(),
                process.env(),
                process.cwd(),
                process.user().uid(),
                process.user().gid(),
                process.user().additionalGids(),
                mounts,
                cgroupMounts,
                security.privileged(),
                security.capabilities(),
                security.maskedPaths(),
                security.readonlyPaths(),
                security.noNewPrivileges(),
                spec.readOnlyRootfs(),
                spec.stdio().tty(),
                security.seccompFilter(),
                rlimits(security),
                security.oomScoreAdj(),
                spec.sysctls().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                spec.devices().stream().map(d -> new InitConfig.DeviceSpec(d.path(), d.type() == 'b' ? Mounts.S_IFBLK : Mounts.S_IFCHR,
                        d.major(), d.minor(), d.mode(), d.uid(), d.gid())).toList(),
                !spec.sharedNamespaces().containsKey("cgroup"),
                !spec.sharedNamespaces().containsKey("net"),
                spec.startGate() == null ? "" : spec.startGate().toAbsolutePath().toString(),
                spec.preservedFds().size());
    }

    static List<InitConfig.RlimitSpec> rlimits(Security security) {
        return security.ulimits().stream().map(u -> {
            int resource = ProcessLimits.resource(u.name());
            if (resource < 0) {
                throw new IllegalArgumentException("invalid ulimit type: " + u.name());
            }
            return new InitConfig.RlimitSpec(resource, u.soft(), u.hard());
        }).toList();
    }
}
