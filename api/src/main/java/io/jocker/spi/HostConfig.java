package io.jocker.spi;

import java.util.List;

/**
 * How the host runs a container, in the shape of Docker's {@code HostConfig}.
 *
 * @param resources cgroup limits
 * @param mounts volumes, bind mounts and tmpfs mounts
 * @param privileged no hardening
 * @param readonlyRootfs the root file system is read-only
 * @param autoRemove remove the container when it exits ({@code --rm})
 * @param restartPolicy what to do when it exits
 * @param init {@code --init}: an init runs as PID 1 and runs the command; null when not asked either way
 * @param securityOpt {@code --security-opt} values as Docker stores them (a seccomp profile file
 *     replaced by its compacted JSON), plus {@code label=disable} for a privileged container
 */
public record HostConfig(
        Resources resources,
        List<Mount> mounts,
        boolean privileged,
        boolean readonlyRootfs,
        boolean autoRemove,
        RestartPolicy restartPolicy,
        Boolean init,
        List<String> securityOpt) {

    public HostConfig {
        mounts = List.copyOf(mounts);
        // Records written before --security-opt existed have none.
        securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    }

    /** A host config without {@code --init} or security options. */
    public HostConfig(Resources resources, List<Mount> mounts, boolean privileged, boolean readonlyRootfs, boolean autoRemove,
            RestartPolicy restartPolicy) {
        this(resources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy, null, List.of());
    }

    public HostConfig withResources(Resources newResources) {
        return new HostConfig(newResources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy, init, securityOpt);
    }

    /** Whether an init runs as PID 1. */
    public boolean runsInit() {
        return Boolean.TRUE.equals(init);
    }
}
