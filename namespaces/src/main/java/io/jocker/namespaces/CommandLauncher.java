package io.jocker.namespaces;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import io.jocker.linux.Namespaces;
import io.jocker.linux.ProcessLimits;
import io.jocker.linux.Processes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The init's last steps once the engine placed it: a new cgroup namespace with the container's
 * cgroups mounted from it, pivot_root into the
 * prepared root, host name, working directory, credentials, no leaked fds or signal state, and
 * execve of the user command. Everything here runs after the host's files are out of reach, so
 * {@link ContainerInit} loads these classes beforehand.
 */
final class CommandLauncher {

    private final InitConfig config;
    private final int lastCapability;

    CommandLauncher(InitConfig config, int lastCapability) {
        this.config = config;
        this.lastCapability = lastCapability;
    }

    /** Returns only by throwing; waits at {@code gate} once set up, before the credentials change. */
    void launch(Path root, CgroupView cgroups, StartGate gate, InitChannel channel) throws InitFailure {
        try {
            if (config.newCgroupNamespace()) {
                Namespaces.unshare(Namespaces.CLONE_NEWCGROUP);
            }
            cgroups.mount();
        } catch (LinuxException e) {
            throw new InitFailure("cannot mount the container's cgroups at /sys/fs/cgroup: " + e.getMessage(), e);
        }
        try {
            Namespaces.chdir(root.toString());
            Mounts.pivotRoot(Path.of("."), Path.of("."));
            Mounts.unmount(Path.of("."), Mounts.MNT_DETACH);
            Namespaces.chdir("/");
            if (!config.hostname().isEmpty()) {
                Namespaces.setHostname(config.hostname());
            }
            if (config.readOnlyRootfs()) {
                Mounts.mount(null, Path.of("/"), null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
            }
        } catch (LinuxException e) {
            throw new InitFailure("cannot enter the container's root file system: " + e.getMessage(), e);
        }
        changeDirectory();
        applyLimits();
        gate.await(channel);
        try {
            // Every thread of the init's JVM gets the filter (TSYNC): the user command must not inherit an unfiltered one.
            CapabilityDropper.apply(ProcessIdentity.of(config), lastCapability, true);
        } catch (LinuxException e) {
            throw new InitFailure("cannot apply the container's user and capabilities: " + e.getMessage(), e);
        }
        String command = config.args().get(0);
        List<String> candidates = CommandResolver.candidates(command, config.env());
        try {
            int firstClosed = movePreservedFds(channel);
            Processes.closeRange(firstClosed, -1, Processes.CLOSE_RANGE_CLOEXEC);
            Processes.clearSignalMask();
            Processes.resetIgnoredSignals();
        } catch (LinuxException e) {
            throw new InitFailure("cannot prepare the process state: " + e.getMessage(), e);
        }
        exec(command, candidates);
    }

    /**
     * Moves the caller's preserved fds from {@link NamespaceSpawner#FIRST_PRESERVED_FD} down to
     * 3, 4, ... (the channel, on 3, moves above them first) and returns the first fd after them.
     * Upwards, one by one: each target is the source just moved.
     */
    private int movePreservedFds(InitChannel channel) throws LinuxException {
        int count = config.preservedFds();
        if (count == 0) {
            return 3;
        }
        channel.moveAbove(NamespaceSpawner.FIRST_PRESERVED_FD + count);
        for (int i = 0; i < count; i++) {
            Fds.dup2(NamespaceSpawner.FIRST_PRESERVED_FD + i, 3 + i);
        }
        Fds.close(NamespaceSpawner.FIRST_PRESERVED_FD + count - 1);
        return 3 + count;
    }

    /** While the init still holds CAP_SYS_RESOURCE, which raising a hard limit or lowering the OOM score needs. */
    private void applyLimits() throws InitFailure {
        try {
            for (InitConfig.RlimitSpec rlimit : config.rlimits()) {
                Processes.prlimit(0, rlimit.resource(), rlimit.soft(), rlimit.hard());
            }
            if (config.oomScoreAdj() != 0) {
                ProcessLimits.setOomScoreAdj(0, config.oomScoreAdj());
            }
        } catch (LinuxException e) {
            throw new InitFailure("cannot apply the container's resource limits: " + e.getMessage(), e);
        }
    }

    private void changeDirectory() throws InitFailure {
        try {
            Namespaces.chdir(config.cwd());
        } catch (LinuxException e) {
            throw new InitFailure("chdir to cwd (\"" + config.cwd() + "\") set in config.json failed: "
                    + Errno.describe(e.errno()).toLowerCase(Locale.ROOT), e);
        }
    }

    private void exec(String command, List<String> candidates) throws InitFailure {
        boolean denied = false;
        for (String candidate : candidates) {
            try {
                Processes.execve(candidate, config.args(), config.env());
            } catch (LinuxException e) {
                switch (e.errno()) {
                    case Errno.ENOENT, Errno.ENOTDIR -> {
                        // A dangling link or a missing interpreter: try the next candidate, like execvp.
                    }
                    case Errno.EACCES -> denied = true;
                    case Errno.ENOEXEC -> throw new InitFailure(InitChannel.NOT_EXECUTABLE,
                            "exec: \"" + command + "\": exec format error");
                    default -> throw new InitFailure(InitChannel.NOT_EXECUTABLE,
                            "exec: \"" + command + "\": " + Errno.describe(e.errno()).toLowerCase(Locale.ROOT));
                }
            }
        }
        if (denied) {
            throw new InitFailure(InitChannel.NOT_EXECUTABLE, "exec: \"" + command + "\": permission denied");
        }
        throw new InitFailure(InitChannel.NOT_FOUND, CommandResolver.notFoundMessage(command));
    }
}
