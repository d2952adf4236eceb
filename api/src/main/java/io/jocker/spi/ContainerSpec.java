package io.jocker.spi;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an isolator needs to start a container's first process.
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * fields, which adds builder methods, while the canonical constructor's arguments change.
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
 * @param sysctls keys under {@code /proc/sys} of the container's own namespaces and the values
 *     written there before its process runs
 * @param devices device nodes created in the container ({@code --device})
 * @param sharedNamespaces the namespaces ({@code net}, {@code pid}, {@code ipc}, {@code uts},
 *     {@code cgroup}) the container does not get of its own: each maps to 0 for the host's (the
 *     engine's own), or to the PID of a process whose namespace it joins
 * @param startGate null, or a FIFO that makes {@link Isolator#start} return once the process is
 *     set up but before its user command runs: the process holds the FIFO open for reading and
 *     runs its command once a byte is written to it (the OCI runtime's {@code create}/{@code
 *     start}); whoever writes that byte no longer needs to be the process's parent
 * @param preservedFds fds of the caller that become the process's fds 3, 4, ... in this order
 *     (the OCI runtime's {@code --preserve-fds}); the only fds beside its stdio that it gets
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
        Stdio stdio,
        Map<String, String> sysctls,
        List<DeviceNode> devices,
        Map<String, Long> sharedNamespaces,
        Path startGate,
        List<Integer> preservedFds) {

    public ContainerSpec {
        preservedFds = List.copyOf(preservedFds);
        mounts = List.copyOf(mounts);
        cgroupMounts = List.copyOf(cgroupMounts);
        sysctls = Collections.unmodifiableMap(new TreeMap<>(sysctls));
        devices = List.copyOf(devices);
        sharedNamespaces = Map.copyOf(sharedNamespaces);
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .rootfs(rootfs)
                .hostname(hostname)
                .process(process)
                .mounts(mounts)
                .cgroupMounts(cgroupMounts)
                .security(security)
                .readOnlyRootfs(readOnlyRootfs)
                .stdio(stdio)
                .sysctls(sysctls)
                .devices(devices)
                .sharedNamespaces(sharedNamespaces)
                .startGate(startGate)
                .preservedFds(preservedFds);
    }

    /** Builds a {@link ContainerSpec}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private String id;
        private Path rootfs;
        private String hostname;
        private ProcessSpec process;
        private List<Mount> mounts = List.of();
        private List<CgroupMount> cgroupMounts = List.of();
        private Security security;
        private boolean readOnlyRootfs;
        private Stdio stdio;
        private Map<String, String> sysctls = Map.of();
        private List<DeviceNode> devices = List.of();
        private Map<String, Long> sharedNamespaces = Map.of();
        private Path startGate;
        private List<Integer> preservedFds = List.of();

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder rootfs(Path rootfs) {
            this.rootfs = rootfs;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder process(ProcessSpec process) {
            this.process = process;
            return this;
        }

        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        public Builder cgroupMounts(List<CgroupMount> cgroupMounts) {
            this.cgroupMounts = cgroupMounts;
            return this;
        }

        public Builder security(Security security) {
            this.security = security;
            return this;
        }

        public Builder readOnlyRootfs(boolean readOnlyRootfs) {
            this.readOnlyRootfs = readOnlyRootfs;
            return this;
        }

        public Builder stdio(Stdio stdio) {
            this.stdio = stdio;
            return this;
        }

        public Builder sysctls(Map<String, String> sysctls) {
            this.sysctls = sysctls;
            return this;
        }

        public Builder devices(List<DeviceNode> devices) {
            this.devices = devices;
            return this;
        }

        public Builder sharedNamespaces(Map<String, Long> sharedNamespaces) {
            this.sharedNamespaces = sharedNamespaces;
            return this;
        }

        /** @since SPI 1.2 */
        public Builder startGate(Path startGate) {
            this.startGate = startGate;
            return this;
        }

        /** @since SPI 1.3 */
        public Builder preservedFds(List<Integer> preservedFds) {
            this.preservedFds = preservedFds;
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(id, rootfs, hostname, process, mounts, cgroupMounts, security, readOnlyRootfs,
                stdio, sysctls, devices, sharedNamespaces, startGate, preservedFds);
        }
    }
}
