package io.jocker.namespaces;

import io.jocker.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

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

    private final Path dev;

    DeviceSetup(Path dev) {
        this.dev = dev;
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
    }

}
