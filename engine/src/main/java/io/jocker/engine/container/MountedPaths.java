package io.jocker.engine.container;

import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Mount;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths of a container's root file system that its mounts cover (volumes, bind mounts, tmpfs,
 * the generated /etc files). Their contents belong to the mount, not to the container, so commit
 * leaves them out; a directory mount point itself stays, as an empty directory.
 */
final class MountedPaths {

    private final List<String> destinations;

    MountedPaths(List<Mount> mounts) {
        this.destinations = mounts.stream().map(m -> relative(m.destination())).filter(d -> !d.isEmpty()).toList();
    }

    /** The paths of {@code record}'s mounts, with {@code --init}'s too. */
    static MountedPaths of(ContainerRecord record) {
        List<Mount> mounts = new ArrayList<>(record.hostConfig().mounts());
        if (record.hostConfig().runsInit()) {
            mounts.add(new Mount("bind", "", InitBinary.DESTINATION, List.of()));
        }
        return new MountedPaths(mounts);
    }

    /** Whether the entry at {@code relativePath} (no leading slash) belongs to a mount. */
    boolean excludes(String relativePath, boolean directory) {
        for (String destination : destinations) {
            if (relativePath.startsWith(destination + "/") || relativePath.equals(destination) && !directory) {
                return true;
            }
        }
        return false;
    }

    private static String relative(String destination) {
        String d = destination;
        while (d.startsWith("/")) {
            d = d.substring(1);
        }
        while (d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }
}
