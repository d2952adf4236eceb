package io.jocker.namespaces;

import io.jocker.linux.Errno;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container's {@code /dev}: a tmpfs with Docker's standard character devices and links, a
 * new devpts instance (so ptys of the container are its own), {@code shm} and {@code mqueue}.
 */
final class DeviceSetup {

    private record Device(String name, int major, int minor) {}

    private record Link(String name, String target) {}

    private static final List<Device> DEVICES = List.of(
            new Device("null", 1, 3), new Device("zero", 1, 5), new Device("full", 1, 7),
            new Device("random", 1, 8), new Device("urandom", 1, 9), new Device("tty", 5, 0));

    private static final List<Link> LINKS = List.of(
            new Link("fd", "/proc/self/fd"), new Link("stdin", "/proc/self/fd/0"),
            new Link("stdout", "/proc/self/fd/1"), new Link("stderr", "/proc/self/fd/2"),
            new Link("ptmx", "pts/ptmx"), new Link("core", "/proc/kcore"));

    private static final long DEV_FLAGS = Mounts.MS_NOSUID | Mounts.MS_STRICTATIME;
    private static final long SHM_FLAGS = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    /** Directories of the host's /dev that are file systems of their own, not devices to copy. */
    private static final List<String> HOST_SKIPPED = List.of("pts", "shm", "mqueue", "hugepages");
    private static final int HOST_DEPTH = 3;

    private final Path dev;
    private final boolean privileged;

    DeviceSetup(Path dev, boolean privileged) {
        this.dev = dev;
        this.privileged = privileged;
    }

    void build() throws IOException {
        Mounts.mount("tmpfs", dev, "tmpfs", DEV_FLAGS, "mode=755,size=65536k");
        for (Device device : DEVICES) {
            Path node = dev.resolve(device.name());
            Mounts.makeCharDevice(node, device.major(), device.minor(), 0666);
            // mknod applies the umask; the devices must be usable by every user.
            Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        for (Link link : LINKS) {
            Files.createSymbolicLink(dev.resolve(link.name()), Path.of(link.target()));
        }
        Mounts.mount("devpts", Files.createDirectory(dev.resolve("pts")), "devpts",
                Mounts.MS_NOSUID | Mounts.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
        Mounts.mount("shm", Files.createDirectory(dev.resolve("shm")), "tmpfs", SHM_FLAGS, "mode=1777,size=65536k");
        Mounts.mount("mqueue", Files.createDirectory(dev.resolve("mqueue")), "mqueue", SHM_FLAGS, null);
        if (privileged) {
            copyHostDevices();
        }
    }

    /** {@code --privileged}: every device node of the host's /dev, with its mode and owner. */
    private void copyHostDevices() throws IOException {
        Path host = Path.of("/dev");
        List<Path> nodes;
        try (Stream<Path> walk = Files.walk(host, HOST_DEPTH)) {
            nodes = walk.filter(p -> !p.equals(host) && !HOST_SKIPPED.contains(host.relativize(p).getName(0).toString()))
                    .toList();
        }
        for (Path node : nodes) {
            Map<String, Object> attributes = Files.readAttributes(node, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attributes.get("mode");
            int type = mode & 0170000;
            Path copy = dev.resolve(host.relativize(node).toString());
            if ((type != Mounts.S_IFCHR && type != Mounts.S_IFBLK) || Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(copy.getParent());
            long rdev = (Long) attributes.get("rdev");
            try {
                Mounts.makeDevice(copy, type, Mounts.major(rdev), Mounts.minor(rdev), mode & 07777);
            } catch (LinuxException e) {
                if (e.errno() != Errno.EPERM) {
                    throw e;
                }
                // The host's device cgroup forbids creating this node: share the host's own instead.
                Files.createFile(copy);
                Mounts.mount(node.toString(), copy, null, Mounts.MS_BIND, null);
                continue;
            }
            // By path: with NOFOLLOW_LINKS the JDK opens the node, which the device cgroup may refuse.
            Files.setAttribute(copy, "unix:mode", mode & 07777);
            Files.setAttribute(copy, "unix:uid", attributes.get("uid"));
            Files.setAttribute(copy, "unix:gid", attributes.get("gid"));
        }
    }

}
