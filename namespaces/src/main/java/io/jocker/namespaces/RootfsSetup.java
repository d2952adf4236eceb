package io.jocker.namespaces;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountInfo;
import io.jocker.linux.Mounts;
import io.jocker.linux.RootedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Builds the container's file system view in the init's own mount namespace, before pivot_root:
 * the root bound onto itself, {@code /proc}, {@code /dev}, {@code /sys} (and the mount points of
 * its cgroups, see {@link CgroupView}), the extra mounts, then
 * the read-only and masked paths. Every container path is resolved inside the root: the mount
 * targets by descriptor ({@link RootedDir}), the rest with {@link SecureJoin}.
 */
final class RootfsSetup {

    private static final long PROC_FLAGS = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    private final InitConfig config;
    private final Path root;
    private Path dev;
    private CgroupView cgroups;
    private RootedDir rooted;

    RootfsSetup(InitConfig config) {
        this.config = config;
        this.root = Path.of(config.rootfs());
    }

    Path root() {
        return root;
    }

    /** The container's {@code /dev/pts/ptmx} on this side of the pivot; valid after {@link #build()}. */
    Path ptmx() {
        return dev.resolve("pts/ptmx");
    }

    /** The container's cgroups, to mount once the init is in their namespace; valid after {@link #build()}. */
    CgroupView cgroups() {
        return cgroups;
    }

    void build() throws IOException {
        Mounts.mount(null, Path.of("/"), null, Mounts.MS_REC | Mounts.MS_PRIVATE, null);
        Mounts.mount(root.toString(), root, null, Mounts.MS_BIND | Mounts.MS_REC, null);
        // Held after the bind, so that it is the container's root mount the descriptor leads into.
        rooted = RootedDir.of(root);
        Path proc = directory("/proc");
        Mounts.mount("proc", proc, "proc", PROC_FLAGS, null);
        writeSysctls(proc.resolve("sys"));
        dev = directory("/dev");
        new DeviceSetup(dev, config.privileged()).build();
        for (InitConfig.DeviceSpec device : config.devices()) {
            createDevice(device);
        }
        long sysFlags = PROC_FLAGS | (config.privileged() ? 0 : Mounts.MS_RDONLY);
        Mounts.mount("sysfs", directory("/sys"), "sysfs", sysFlags, null);
        cgroups = CgroupView.prepare(root, config);
        for (InitConfig.MountSpec mount : config.mounts()) {
            mount(mount);
        }
        if (!config.privileged()) {
            for (String path : config.readonlyPaths()) {
                readOnly(path);
            }
            for (String path : config.maskedPaths()) {
                mask(path);
            }
        }
    }

    /**
     * Through the container's own /proc, before /proc/sys is made read-only: the kernel resolves
     * each key in the writer's namespaces, which are the container's. The engine allowed only keys
     * of plain names, so none leads out of /proc/sys.
     */
    private void writeSysctls(Path sys) throws IOException {
        for (String sysctl : config.sysctls()) {
            int equals = sysctl.indexOf('=');
            String key = sysctl.substring(0, equals);
            Path file = sys.resolve(key.replace('.', '/'));
            try {
                Files.writeString(file, sysctl.substring(equals + 1), StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IOException("cannot set sysctl " + key + ": " + (e instanceof NoSuchFileException
                        ? "no such key in the container's namespaces" : e.getMessage()), e);
            }
        }
    }

    /** A given host device ({@code --device}); it replaces a standard node of the same path. */
    private void createDevice(InitConfig.DeviceSpec device) throws IOException {
        Path node = SecureJoin.resolve(root, device.path());
        if (Files.isDirectory(node, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot create device " + device.path() + ": a directory is in its place");
        }
        Files.createDirectories(node.getParent());
        Files.deleteIfExists(node);
        Mounts.makeDevice(node, device.type(), device.major(), device.minor(), device.mode());
        // By path, never opened: mknod applied the umask, and the owner is the host node's.
        Files.setAttribute(node, "unix:mode", device.mode());
        Files.setAttribute(node, "unix:uid", device.uid());
        Files.setAttribute(node, "unix:gid", device.gid());
    }

    /**
     * Each step on the target reopens it inside the root ({@link #onTarget}) and mounts through
     * {@code /proc/self/fd}: a destination inside a volume that another container shares may be
     * swapped for a symbolic link at any time, and a path string would follow it out of the root
     * (runc's CVE-2021-30465). Reopened after the mount, the target leads into the new mount.
     */
    private void mount(InitConfig.MountSpec mount) throws IOException {
        MountOptions options;
        try {
            options = MountOptions.parse(mount.options());
        } catch (IllegalArgumentException e) {
            throw new IOException("mount " + mount.destination() + ": " + e.getMessage(), e);
        }
        boolean bind = options.bind() || mount.type().equals("bind");
        // Cleaned lexically first, as Docker and runc clean a destination: a ".." above the root stays at the root,
        // and one after a name that does not exist yet removes that name instead of failing to resolve it.
        String destination = Path.of("/").resolve(mount.destination()).normalize().toString();
        if (bind) {
            Path source = Path.of(mount.source());
            if (!Files.exists(source)) {
                throw new IOException("invalid mount config for type \"bind\": bind source path does not exist: " + source);
            }
            createTarget(rooted, destination, Files.isDirectory(source));
            long recursive = options.recursive() ? Mounts.MS_REC : 0;
            onTarget(destination, target -> Mounts.mount(source.toString(), target, null, Mounts.MS_BIND | recursive, null));
            if (options.flags() != 0) {
                onTarget(destination, target -> {
                    Mounts.mount(null, target, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | options.flags(), null);
                    if (options.recursive() && (options.flags() & Mounts.MS_RDONLY) != 0) {
                        readOnlySubmounts(target.toRealPath());
                    }
                });
            }
        } else {
            createTarget(rooted, destination, true);
            onTarget(destination, target -> Mounts.mount(mount.source().isEmpty() ? mount.type() : mount.source(), target,
                    mount.type(), options.flags(), options.data().isEmpty() ? null : options.data()));
        }
        long propagation = options.propagation() != 0 ? options.propagation() : Mounts.MS_PRIVATE | Mounts.MS_REC;
        onTarget(destination, target -> Mounts.mount(null, target, null, propagation, null));
    }

    /** A step on a mount target. */
    @FunctionalInterface
    private interface TargetAction {
        void on(Path target) throws IOException;
    }

    /** Runs {@code action} on {@code /proc/self/fd/N} of {@code containerPath} opened inside the root (links followed inside it). */
    private void onTarget(String containerPath, TargetAction action) throws IOException {
        int fd = rooted.open(containerPath, true);
        try {
            action.on(Path.of("/proc/self/fd/" + fd));
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /**
     * A remount read-only covers one mount only; what an {@code rbind} brought along from below
     * the source (a tmpfs in a host directory, say) would stay writable, so each is remounted too,
     * keeping its nosuid, nodev and noexec.
     */
    private static void readOnlySubmounts(Path target) throws IOException {
        for (MountInfo.Entry entry : MountInfo.read()) {
            Path point = entry.mountPoint();
            if (point.startsWith(target) && !point.equals(target)) {
                long kept = 0;
                for (String option : entry.options().split(",")) {
                    kept |= switch (option) {
                        case "nosuid" -> Mounts.MS_NOSUID;
                        case "nodev" -> Mounts.MS_NODEV;
                        case "noexec" -> Mounts.MS_NOEXEC;
                        default -> 0;
                    };
                }
                Mounts.mount(null, point, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY | kept, null);
            }
        }
    }

    private void readOnly(String containerPath) throws IOException {
        if (!exists(containerPath)) {
            return;
        }
        onTarget(containerPath, path -> Mounts.mount(path.toString(), path, null, Mounts.MS_BIND | Mounts.MS_REC, null));
        onTarget(containerPath, path -> Mounts.mount(null, path, null,
                Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY | Mounts.MS_REC, null));
    }

    private void mask(String containerPath) throws IOException {
        if (!exists(containerPath)) {
            return;
        }
        onTarget(containerPath, path -> {
            if (Files.isDirectory(path)) {
                Mounts.mount("tmpfs", path, "tmpfs", Mounts.MS_RDONLY, null);
            } else {
                Mounts.mount(dev.resolve("null").toString(), path, null, Mounts.MS_BIND, null);
            }
        });
    }

    /** Whether {@code containerPath} leads to something inside the root. */
    private boolean exists(String containerPath) throws LinuxException {
        try {
            Fds.close(rooted.open(containerPath, true));
            return true;
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return false;
            }
            throw e;
        }
    }

    /** A directory at {@code containerPath}, created if missing. */
    private Path directory(String containerPath) throws IOException {
        Path path = SecureJoin.resolve(root, containerPath);
        Files.createDirectories(path);
        return path;
    }

    /**
     * The mount point {@code destination}, created inside the root if missing (directories, and
     * the last component an empty file unless {@code directory}), each component by name in a
     * directory the kernel resolved inside the root.
     */
    static void createTarget(RootedDir rooted, String destination, boolean directory) throws IOException {
        int fd = rooted.openCreating(destination, !directory);
        try {
            if (AtFiles.stat(fd).isDirectory() != directory) {
                throw new IOException("cannot mount a " + (directory ? "directory onto the file " : "file onto the directory ")
                        + Path.of(destination).getFileName() + " in the image: the source and the destination must both be"
                        + " directories or both files");
            }
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
