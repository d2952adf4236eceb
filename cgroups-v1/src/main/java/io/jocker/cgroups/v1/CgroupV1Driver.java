package io.jocker.cgroups.v1;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cgroup v1 limiter: one cgroup at {@code jocker/<id>} in every mounted hierarchy it uses. */
public final class CgroupV1Driver implements CgroupDriver {

    static final String SUBTREE = "jocker";

    private final List<Controller> controllers;

    CgroupV1Driver(V1Hierarchies hierarchies) {
        List<Controller> list = new ArrayList<>();
        hierarchies.mounts().forEach((name, mount) -> list.add(controller(name, mount)));
        this.controllers = List.copyOf(list);
    }

    private static Controller controller(String name, Path mount) {
        return switch (name) {
            case "cpuset" -> new CpusetController(mount);
            case "memory" -> new MemoryController(mount);
            case "cpu" -> new CpuController(mount);
            case "cpuacct" -> new CpuacctController(mount);
            case "pids" -> new PidsController(mount);
            case "freezer" -> new FreezerController(mount);
            case "devices" -> new DevicesController(mount);
            case "blkio" -> new BlkioController(mount);
            default -> throw new IllegalArgumentException("unknown cgroup v1 controller " + name);
        };
    }

    @Override
    public String name() {
        return CgroupV1DriverFactory.NAME;
    }

    @Override
    public List<String> controllers() {
        return controllers.stream().map(Controller::name).toList();
    }

    @Override
    public ContainerCgroup create(String containerId, Resources resources) throws CgroupException {
        String id = ContainerIds.check(containerId);
        validate(id, resources);
        Map<Path, Path> created = new LinkedHashMap<>();
        try {
            for (Controller controller : controllers) {
                Path dir = cgroupDir(controller, id);
                if (!created.containsKey(controller.mount())) {
                    ensureSubtree(controller.mount());
                    CgroupFiles.createDirectory(dir);
                    created.put(controller.mount(), dir);
                }
                controller.initialise(dir.getParent(), dir);
                controller.apply(dir, resources);
            }
        } catch (CgroupException e) {
            removeQuietly(created.values(), e);
            throw e;
        }
        return cgroup(id);
    }

    private void validate(String id, Resources resources) throws CgroupException {
        for (String needed : neededControllers(resources)) {
            if (controllers.stream().noneMatch(c -> c.name().equals(needed))) {
                throw new CgroupException("cgroup v1 controller \"" + needed
                        + "\" is not mounted on this host (mounted: " + String.join(", ", controllers()) + ")");
            }
        }
        for (Controller controller : controllers) {
            if (controller.governs(resources)) {
                controller.validate(resources);
            }
            if (Files.exists(cgroupDir(controller, id))) {
                throw new CgroupException("cgroup " + cgroupDir(controller, id) + " already exists");
            }
        }
    }

    private static List<String> neededControllers(Resources r) {
        List<String> needed = new ArrayList<>();
        for (Controller probe : List.<Controller>of(new MemoryController(null), new CpuController(null),
                new CpusetController(null), new PidsController(null))) {
            if (probe.governs(r)) {
                needed.add(probe.name());
            }
        }
        return needed;
    }

    private void ensureSubtree(Path mount) throws CgroupException {
        Path subtree = mount.resolve(SUBTREE);
        if (Files.isDirectory(subtree)) {
            return;
        }
        CgroupFiles.createDirectory(subtree);
        for (Controller controller : controllers) {
            if (controller.mount().equals(mount)) {
                controller.initialiseSubtree(subtree);
            }
        }
    }

    private static void removeQuietly(Iterable<Path> dirs, CgroupException failure) {
        List<Path> reversed = new ArrayList<>();
        dirs.forEach(d -> reversed.add(0, d));
        for (Path dir : reversed) {
            try {
                CgroupFiles.removeDirectory(dir);
            } catch (CgroupException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public Optional<ContainerCgroup> open(String containerId) {
        try {
            String id = ContainerIds.check(containerId);
            boolean exists = controllers.stream().anyMatch(c -> Files.isDirectory(cgroupDir(c, id)));
            return exists ? Optional.of(cgroup(id)) : Optional.empty();
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    private CgroupV1Cgroup cgroup(String id) {
        Map<Controller, Path> dirs = new LinkedHashMap<>();
        for (Controller controller : controllers) {
            dirs.put(controller, cgroupDir(controller, id));
        }
        return new CgroupV1Cgroup("/" + SUBTREE + "/" + id, dirs);
    }

    private static Path cgroupDir(Controller controller, String id) {
        return controller.mount().resolve(SUBTREE).resolve(id);
    }
}
