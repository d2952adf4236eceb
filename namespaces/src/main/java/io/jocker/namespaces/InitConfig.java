package io.jocker.namespaces;

import java.util.List;

/**
 * Everything the container init needs, sent over fd 3. Self-contained (no SPI types), because
 * the init's class path holds only this module, jocker-linux and JNA.
 *
 * @param rootfs the host path of the prepared root file system
 * @param hostname the UTS host name
 * @param args the user command
 * @param env its whole environment
 * @param cwd its working directory inside the container
 * @param uid its user id
 * @param gid its group id
 * @param groups its supplementary groups
 * @param mounts extra mounts, in order
 * @param cgroupMounts the container's own cgroups at /sys/fs/cgroup, as in {@link io.jocker.spi.CgroupMount}
 * @param privileged skip masking, keep every capability, sysfs read-write
 * @param capabilities capabilities kept when not privileged
 * @param maskedPaths paths made unreadable
 * @param readonlyPaths paths made read-only
 * @param noNewPrivileges set PR_SET_NO_NEW_PRIVS
 * @param readOnlyRootfs remount the root read-only
 * @param tty allocate a pseudo-terminal in the container's devpts
 * @param seccompFilter the seccomp BPF program installed before execve; empty for none
 * @param rlimits resource limits set before execve
 * @param oomScoreAdj the oom_score_adj written before execve; 0 for none
 * @param sysctls {@code KEY=VALUE}: keys under /proc/sys of the container's namespaces, written at setup
 * @param devices device nodes created in the container, as in {@link io.jocker.spi.DeviceNode}
 * @param newCgroupNamespace unshare a cgroup namespace once placed (else the host's is kept)
 * @param newNetworkNamespace the init was spawned into a network namespace of its own, whose
 *     loopback it brings up (else it shares one, the host's or another container's, as it is)
 * @param startGate the host path of a FIFO the init waits on before its command runs ({@link
 *     StartGate}), or empty for none
 * @param preservedFds how many fds, from {@link NamespaceSpawner#FIRST_PRESERVED_FD} on, the init
 *     moves to 3, 4, ... for its command
 */
record InitConfig(
        String rootfs,
        String hostname,
        List<String> args,
        List<String> env,
        String cwd,
        int uid,
        int gid,
        List<Integer> groups,
        List<MountSpec> mounts,
        List<CgroupMountSpec> cgroupMounts,
        boolean privileged,
        List<String> capabilities,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        boolean noNewPrivileges,
        boolean readOnlyRootfs,
        boolean tty,
        byte[] seccompFilter,
        List<RlimitSpec> rlimits,
        int oomScoreAdj,
        List<String> sysctls,
        List<DeviceSpec> devices,
        boolean newCgroupNamespace,
        boolean newNetworkNamespace,
        String startGate,
        int preservedFds) {

    InitConfig {
        args = List.copyOf(args);
        env = List.copyOf(env);
        groups = List.copyOf(groups);
        mounts = List.copyOf(mounts);
        cgroupMounts = List.copyOf(cgroupMounts);
        capabilities = List.copyOf(capabilities);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        rlimits = List.copyOf(rlimits);
        sysctls = List.copyOf(sysctls);
        devices = List.copyOf(devices);
    }

    /** One device node: its container path, S_IFCHR or S_IFBLK, numbers, permission bits and owner. */
    record DeviceSpec(String path, int type, int major, int minor, int mode, int uid, int gid) {}

    /** One resource limit: an RLIMIT_ number, soft and hard values (-1 unlimited). */
    record RlimitSpec(int resource, long soft, long hard) {}

    /** One extra mount, as in {@link io.jocker.spi.Mount}. */
    record MountSpec(String type, String source, String destination, List<String> options) {
        MountSpec {
            options = List.copyOf(options);
        }
    }

    /** One cgroup file system, as in {@link io.jocker.spi.CgroupMount}. */
    record CgroupMountSpec(String directory, String type, String options, List<String> links) {
        CgroupMountSpec {
            links = List.copyOf(links);
        }
    }
}
