package io.jocker.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything an isolator needs to start a container's first process.
 *
 * @param id the container id (for error messages and labels)
 * @param rootfs the mounted root file system (the storage driver's merged view)
 * @param hostname the UTS host name
 * @param process what to run
 * @param mounts extra mounts (volumes, tmpfs), applied in order after the standard ones
 * @param cgroupMounts the container's own cgroups at {@code /sys/fs/cgroup}, from {@link
 *     ContainerCgroup#mounts()}; a mount of {@code mounts} at, above or below one's place replaces it
 * @param security capabilities and masked paths
 * @param readOnlyRootfs mount the root file system read-only
 * @param stdio where the process's standard streams go
 */
public record ContainerSpec(
        String id,
        Path rootfs,
        String hostname,
        ProcessSpec process,
        List<Mount> mounts,
        List<CgroupMount> cgroupMounts,
        Security security,
        boolean readOnlyRootfs,
        Stdio stdio) {

    public ContainerSpec {
        mounts = List.copyOf(mounts);
        cgroupMounts = List.copyOf(cgroupMounts);
    }
}
