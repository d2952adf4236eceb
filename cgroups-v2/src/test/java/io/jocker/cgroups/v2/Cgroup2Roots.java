package io.jocker.cgroups.v2;

import io.jocker.spi.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds this machine's real cgroup2 hierarchies for tests. */
final class Cgroup2Roots {

    private Cgroup2Roots() {}

    /** The controller-bearing unified root, on a pure v2 host only. */
    static Optional<Path> withControllers() {
        Host host = Host.current();
        return new CgroupV2DriverFactory().isSupported(host).supported() ? Optional.of(host.cgroupRoot()) : Optional.empty();
    }

    /** Any real cgroup2 root: the unified host's, or a hybrid host's {@code unified} hierarchy. */
    static Optional<Path> any() {
        Optional<Path> unified = withControllers();
        if (unified.isPresent()) {
            return unified;
        }
        Path hybrid = Host.current().cgroupRoot().resolve("unified");
        return isCgroup2(hybrid) && Files.exists(hybrid.resolve("cgroup.controllers")) ? Optional.of(hybrid) : Optional.empty();
    }

    private static boolean isCgroup2(Path mountPoint) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(line -> line.contains(" " + mountPoint + " ") && line.contains(" - cgroup2 "));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
