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
 */
public record HostConfig(
        Resources resources,
        List<Mount> mounts,
        boolean privileged,
        boolean readonlyRootfs,
        boolean autoRemove,
        RestartPolicy restartPolicy) {

    public HostConfig {
        mounts = List.copyOf(mounts);
    }

    public HostConfig withResources(Resources newResources) {
        return new HostConfig(newResources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy);
    }
}
