package io.jocker.namespaces;

import io.jocker.linux.MountInfo;
import io.jocker.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Builds the container's file system view in the init's own mount namespace, before pivot_root:
 * the root bound onto itself, {@code /proc}, {@code /dev}, {@code /sys} (and the mount points of
 * its cgroups, see {@link CgroupView}), the extra mounts, then
 * the read-only and masked paths. Every container path is resolved with {@link SecureJoin}.
 */
final class RootfsSetup {

    private static final long PROC_FLAGS = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    private final InitConfig config;
    private final Path root;
    private Path dev;
    private CgroupView cgroups;

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

    private void mount(InitConfig.MountSpec mount) throws IOException {
        MountOptions options;
        try {
            options = MountOptions.parse(mount.options());
        } catch (IllegalArgumentException e) {
            throw new IOException("mount " + mount.destination() + ": " + e.getMessage(), e);
        }
        boolean bind = options.bind() || mount.type().equals("bind");
        Path target = SecureJoin.resolve(root, mount.destination());
        if (bind) {
            Path source = Path.of(mount.source());
            if (!Files.exists(source)) {
                throw new IOException("invalid mount config for type \"bind\": bind source path does not exist: " + source);
            }
            createTarget(target, Files.isDirectory(source));
            long recursive = options.recursive() ? Mounts.MS_REC : 0;
            Mounts.mount(source.toString(), target, null, Mounts.MS_BIND | recursive, null);
            if (options.flags() != 0) {
                Mounts.mount(null, target, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | options.flags(), null);
                if (options.recursive() && (options.flags() & Mounts.MS_RDONLY) != 0) {
                    readOnlySubmounts(target);
                }
            }
        } else {
            createTarget(target, true);
            Mounts.mount(mount.source().isEmpty() ? mount.type() : mount.source(), target, mount.type(),
                    options.flags(), options.data().isEmpty() ? null : options.data());
        }
        long propagation = options.propagation() != 0 ? options.propagation() : Mounts.MS_PRIVATE | Mounts.MS_REC;
        Mounts.mount(null, target, null, propagation, null);
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
        Path path = SecureJoin.resolve(root, containerPath);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Mounts.mount(path.toString(), path, null, Mounts.MS_BIND | Mounts.MS_REC, null);
        Mounts.mount(null, path, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY | Mounts.MS_REC, null);
    }

    private void mask(String containerPath) throws IOException {
        Path path = SecureJoin.resolve(root, containerPath);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Mounts.mount("tmpfs", path, "tmpfs", Mounts.MS_RDONLY, null);
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Mounts.mount(root.resolve("dev/null").toString(), path, null, Mounts.MS_BIND, null);
        }
    }

    /** A directory at {@code containerPath}, created if missing. */
    private Path directory(String containerPath) throws IOException {
        Path path = SecureJoin.resolve(root, containerPath);
        Files.createDirectories(path);
        return path;
    }

    private static void createTarget(Path target, boolean directory) throws IOException {
        if (Files.exists(target) && Files.isDirectory(target) != directory) {
            throw new IOException("cannot mount a " + (directory ? "directory onto the file " : "file onto the directory ")
                    + target.getFileName() + " in the image: the source and the destination must both be directories or both files");
        }
        if (directory) {
            Files.createDirectories(target);
        } else if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
    }
}
