package io.jocker.namespaces;

import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's own cgroups at {@code /sys/fs/cgroup}, as Docker shows them, read-only unless
 * privileged. A cgroup file system is rooted at the cgroup of the namespace it is mounted from,
 * and the init enters the container's cgroup namespace only once the engine has placed it. So
 * this takes two steps: {@link #prepare} lays out the mount points before the placement, along
 * with the other mounts (on v1 a tmpfs with a directory per hierarchy and a link per controller of
 * a joined one, as runc makes it); {@link #mount} mounts the hierarchies after the unshare. A
 * mount of the user's at, above or below a hierarchy's place replaces that hierarchy.
 */
final class CgroupView {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final long FLAGS = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    /** One cgroup file system to mount at {@code path} (a host path under the container's root). */
    private record Target(Path path, String type, String data) {}

    private final List<Target> targets;
    /** The v1 tmpfs at /sys/fs/cgroup, made read-only once the hierarchies are mounted on it; null if none. */
    private final Path tmpfs;
    private final boolean readOnly;

    private CgroupView(List<Target> targets, Path tmpfs, boolean readOnly) {
        this.targets = targets;
        this.tmpfs = tmpfs;
        this.readOnly = readOnly;
    }

    /** Lays out the mount points under {@code root}, whose {@code /sys} is already mounted. */
    static CgroupView prepare(Path root, InitConfig config) throws IOException {
        List<Path> userMounts = config.mounts().stream().map(m -> Path.of(m.destination()).normalize()).toList();
        Path cgroupRoot = root.resolve(CGROUP_ROOT.toString().substring(1));
        List<Target> targets = new ArrayList<>();
        Path tmpfs = null;
        for (InitConfig.CgroupMountSpec mount : config.cgroupMounts()) {
            String directory = mount.directory();
            if (directory.isEmpty()) {
                if (!overlaps(CGROUP_ROOT, userMounts)) {
                    targets.add(new Target(cgroupRoot, mount.type(), mount.options()));
                }
                continue;
            }
            checkName(directory);
            if (userMounts.stream().anyMatch(CGROUP_ROOT::startsWith)) {
                continue;
            }
            if (tmpfs == null) {
                tmpfs = cgroupRoot;
                Mounts.mount("tmpfs", tmpfs, "tmpfs", FLAGS, "mode=755");
            }
            Path place = tmpfs.resolve(directory);
            Files.createDirectories(place);
            for (String link : mount.links()) {
                checkName(link);
                Path linkPath = tmpfs.resolve(link);
                if (!link.equals(directory) && !Files.exists(linkPath)) {
                    Files.createSymbolicLink(linkPath, Path.of(directory));
                }
            }
            if (!overlaps(CGROUP_ROOT.resolve(directory), userMounts)) {
                targets.add(new Target(place, mount.type(), mount.options()));
            }
        }
        return new CgroupView(List.copyOf(targets), tmpfs, !config.privileged());
    }

    /**
     * Mounts each hierarchy; call after unshare(CLONE_NEWCGROUP) in the container's cgroups.
     * Allocates next to nothing: it runs under the container's memory limit.
     */
    void mount() throws LinuxException {
        long flags = FLAGS | Mounts.MS_RELATIME | (readOnly ? Mounts.MS_RDONLY : 0);
        for (Target target : targets) {
            Mounts.mount("cgroup", target.path(), target.type(), flags, target.data().isEmpty() ? null : target.data());
        }
        if (tmpfs != null && readOnly) {
            Mounts.mount(null, tmpfs, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY | FLAGS, null);
        }
    }

    private static boolean overlaps(Path place, List<Path> userMounts) {
        return userMounts.stream().anyMatch(user -> user.startsWith(place) || place.startsWith(user));
    }

    /** A directory or link name from the engine: one plain path component. */
    private static void checkName(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IOException("bad cgroup directory name \"" + name + "\"");
        }
    }
}
