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
 */
public record HostConfig(
        Resources resources,
        List<Mount> mounts,
        boolean privileged,
        boolean readonlyRootfs,
        boolean autoRemove,
        RestartPolicy restartPolicy,
        Boolean init) {

    public HostConfig {
        mounts = List.copyOf(mounts);
    }

    /** A host config without {@code --init}. */
    public HostConfig(Resources resources, List<Mount> mounts, boolean privileged, boolean readonlyRootfs, boolean autoRemove,
            RestartPolicy restartPolicy) {
        this(resources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy, null);
    }

    public HostConfig withResources(Resources newResources) {
        return new HostConfig(newResources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy, init);
    }

    /** Whether an init runs as PID 1. */
    public boolean runsInit() {
        return Boolean.TRUE.equals(init);
    }
}
