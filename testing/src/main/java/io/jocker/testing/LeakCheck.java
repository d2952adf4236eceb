package io.jocker.testing;

import io.jocker.linux.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What jocker may leave behind on the host: mounts under a jocker root, cgroups under any
 * {@code jocker/} subtree, processes whose command line names the jocker root, and network
 * devices. Take a snapshot before a test and assert after it that nothing new remains.
 */
public final class LeakCheck {

    private final Path root;
    private final Set<String> networkDevicesBefore;
    private final Set<String> cgroupsBefore;

    private LeakCheck(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.networkDevicesBefore = networkDevices();
        this.cgroupsBefore = jockerCgroups();
    }

    /** Starts watching a jocker root. */
    public static LeakCheck of(Path root) throws IOException {
        return new LeakCheck(root);
    }

    /** Every leak found since the snapshot, described one per line; empty when clean. */
    public List<String> leaks() throws IOException {
        List<String> leaks = new ArrayList<>();
        for (Path mount : MountInfo.mountsUnder(root)) {
            leaks.add("mount " + mount);
        }
        Set<String> cgroups = jockerCgroups();
        cgroups.removeAll(cgroupsBefore);
        for (String cgroup : cgroups) {
            leaks.add("cgroup " + cgroup);
        }
        Set<String> devices = networkDevices();
        devices.removeAll(networkDevicesBefore);
        for (String device : devices) {
            leaks.add("network device " + device);
        }
        for (String process : processesInside(root)) {
            leaks.add("process " + process);
        }
        return leaks;
    }

    /** Fails with the list of leaks, if any. Waits briefly: the kernel reaps asynchronously. */
    public void assertClean() throws IOException, InterruptedException {
        List<String> leaks = leaks();
        for (int i = 0; i < 50 && !leaks.isEmpty(); i++) {
            Thread.sleep(100);
            leaks = leaks();
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("jocker left state behind:\n  " + String.join("\n  ", leaks));
        }
    }

    static Set<String> jockerCgroups() throws IOException {
        Set<String> found = new TreeSet<>();
        Path cgroupRoot = Path.of("/sys/fs/cgroup");
        if (!Files.isDirectory(cgroupRoot)) {
            return found;
        }
        try (Stream<Path> hierarchies = Files.list(cgroupRoot)) {
            for (Path hierarchy : hierarchies.toList()) {
                Path jocker = hierarchy.resolve("jocker");
                for (Path base : List.of(jocker, cgroupRoot.resolve("jocker"))) {
                    if (Files.isDirectory(base)) {
                        try (Stream<Path> children = Files.list(base)) {
                            children.filter(Files::isDirectory).forEach(c -> found.add(c.toString()));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The host's network devices by name. */
    public static Set<String> networkDevices() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> devices = Files.list(Path.of("/sys/class/net"))) {
            devices.forEach(d -> found.add(d.getFileName().toString()));
        }
        return found;
    }

    /**
     * Processes whose command line names the root, whose mount table shows a root file system
     * from under it (a container's processes: after pivot_root, {@code /proc/PID/root} reads
     * as {@code /}, but the overlay's options name its layer directories), and container init
     * JVMs that this root's supervisor started (spares included) or that lost their parent.
     * Other roots' supervisors keep spare inits of their own: those are not this root's leaks.
     */
    static List<String> processesInside(Path root) {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            String command = p.info().commandLine().orElse("");
            if (command.contains(root.toString()) || isInside(p.pid(), root)
                    || command.contains("io.jocker.namespaces.ContainerInit") && initOf(p, root)) {
                found.add(p.pid() + " " + command);
            }
        });
        return found;
    }

    private static boolean initOf(ProcessHandle init, Path root) {
        Optional<ProcessHandle> parent = init.parent();
        return parent.isEmpty() || parent.get().pid() == 1
                || parent.get().info().commandLine().map(c -> c.contains(root.toString())).orElse(true);
    }

    /** Whether the process runs in a mount namespace whose mounts come from under {@code root}. */
    public static boolean isInside(long pid, Path root) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            if (Files.readSymbolicLink(proc.resolve("ns/mnt")).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")))) {
                return false;
            }
            return Files.readString(proc.resolve("mountinfo")).contains(root.toString() + "/");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
