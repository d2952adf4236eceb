package io.jocker.cgroups.v2;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Offers {@link CgroupV2Driver} on a unified host: the cgroup root is a cgroup2 mount whose
 * {@code cgroup.controllers} lists at least one controller. A hybrid host's unified hierarchy
 * holds no controllers, so {@code auto} picks v1 there.
 */
public final class CgroupV2DriverFactory implements CgroupDriverFactory {

    public static final String NAME = "v2";

    @Override
    public String name() {
        return NAME;
    }

    /** Above v1: on a unified host v2 is the only one that works and the one Docker uses. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Support isSupported(Host host) {
        Path root = host.cgroupRoot();
        List<String> mountinfo = mountinfo(host);
        if (!isCgroup2Mount(mountinfo, host, root)) {
            String hybrid = isCgroup2Mount(mountinfo, host, root.resolve("unified"))
                    ? " (a cgroup v1 hybrid host: cgroup2 is mounted only at " + root.resolve("unified")
                            + ", which holds no controllers); use the v1 cgroup driver"
                    : "; use the v1 cgroup driver";
            return Support.no(root + " is not a cgroup2 mount" + hybrid);
        }
        Path controllers = root.resolve("cgroup.controllers");
        try {
            if (Files.readString(controllers).isBlank()) {
                return Support.no("the cgroup v2 hierarchy at " + root + " offers no controllers (" + controllers + " is empty)");
            }
        } catch (IOException e) {
            return Support.no("cannot read " + controllers + ": " + e.getMessage());
        }
        return Support.yes();
    }

    private static List<String> mountinfo(Host host) {
        try {
            return Files.readAllLines(host.proc().resolve("self/mountinfo"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether mountinfo has a cgroup2 file system mounted exactly at {@code target}. */
    private static boolean isCgroup2Mount(List<String> mountinfo, Host host, Path target) {
        for (String line : mountinfo) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] head = line.substring(0, separator).split(" ");
            if (head.length >= 5 && line.substring(separator + 3).startsWith("cgroup2 ")
                    && host.root().resolve(head[4].substring(1)).normalize().equals(target.normalize())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CgroupDriver create(DriverContext context) {
        return new CgroupV2Driver(context.host().cgroupRoot());
    }
}
