package io.jocker.spi;

import java.nio.file.Path;
import java.util.List;

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
                .stdio(stdio);
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

        public ContainerSpec build() {
            return new ContainerSpec(id, rootfs, hostname, process, mounts, cgroupMounts, security, readOnlyRootfs,
                stdio);
        }
    }
}
