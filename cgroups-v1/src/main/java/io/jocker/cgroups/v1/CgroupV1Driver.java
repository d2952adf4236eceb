package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupNames;
import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cgroup v1 limiter: one cgroup at {@code jocker/<id>} (or a path of the caller's) in every mounted hierarchy it uses. */
public final class CgroupV1Driver implements CgroupDriver {


    /** The controllers that enforce limits, unmounted: only their names and {@code governs} are used. */
    private static final List<Controller> LIMITING = List.of(
            new MemoryController(null), new CpuController(null), new CpusetController(null), new PidsController(null));

    private final List<Controller> controllers;
    private final List<CgroupMount> containerMounts;

    CgroupV1Driver(V1Hierarchies hierarchies) {
        List<Controller> list = new ArrayList<>();
        hierarchies.mounts().forEach((name, mount) -> list.add(controller(name, mount)));
        this.controllers = List.copyOf(list);
        this.containerMounts = hierarchies.containerMounts();
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
    public String cgroupVersion() {
        return "1";
    }

    @Override
    public List<String> controllers() {
        return controllers.stream().map(Controller::name).toList();
    }

    @Override
    public ContainerCgroup create(String containerId, Resources resources) throws CgroupException {
        return createAt(CgroupNames.SUBTREE + "/" + CgroupNames.check(containerId), resources);
    }

    @Override
    public ContainerCgroup createAt(String path, Resources resources) throws CgroupException {
        CgroupNames.checkPath(path);
        validate(path, resources);
        Map<Path, Path> created = new LinkedHashMap<>();
        try {
            for (Controller controller : controllers) {
                Path dir = cgroupDir(controller, path);
                if (!created.containsKey(controller.mount())) {
                    ensureParents(controller.mount(), path);
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
        return cgroup(path);
    }

    private void validate(String path, Resources resources) throws CgroupException {
        validateLimits(resources, controllers);
        for (Controller controller : controllers) {
            if (Files.exists(cgroupDir(controller, path))) {
                throw new CgroupException("cgroup " + cgroupDir(controller, path) + " already exists");
            }
        }
    }

    /** Fails if a limit that is set needs a controller that is not mounted, or is refused by one. */
    static void validateLimits(Resources resources, Collection<Controller> mounted) throws CgroupException {
        for (Controller probe : LIMITING) {
            if (probe.governs(resources) && mounted.stream().noneMatch(c -> c.name().equals(probe.name()))) {
                throw new CgroupException("cgroup v1 controller \"" + probe.name() + "\" is not mounted on this host "
                        + "(mounted: " + String.join(", ", mounted.stream().map(Controller::name).toList()) + ")");
            }
        }
        for (Controller controller : mounted) {
            if (controller.governs(resources)) {
                controller.validate(resources);
            }
        }
    }

    /** Creates the parents of {@code path} in {@code mount}; also repairs a cpuset left empty by an interrupted earlier run. */
    private void ensureParents(Path mount, String path) throws CgroupException {
        Path parent = mount;
        String[] names = path.split("/");
        for (int i = 0; i < names.length - 1; i++) {
            Path dir = parent.resolve(names[i]);
            CgroupFiles.createDirectoryIfMissing(dir);
            for (Controller controller : controllers) {
                if (controller.mount().equals(mount)) {
                    controller.initialiseParent(parent, dir);
                }
            }
            parent = dir;
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
            return openAt(CgroupNames.SUBTREE + "/" + CgroupNames.check(containerId));
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ContainerCgroup> openAt(String path) {
        try {
            CgroupNames.checkPath(path);
            boolean exists = controllers.stream().anyMatch(c -> Files.isDirectory(cgroupDir(c, path)));
            return exists ? Optional.of(cgroup(path)) : Optional.empty();
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    private CgroupV1Cgroup cgroup(String path) {
        Map<Controller, Path> dirs = new LinkedHashMap<>();
        for (Controller controller : controllers) {
            dirs.put(controller, cgroupDir(controller, path));
        }
        return new CgroupV1Cgroup("/" + path, dirs, containerMounts);
    }

    /** {@code path} relative to the controller's hierarchy root. */
    private static Path cgroupDir(Controller controller, String path) {
        return controller.mount().resolve(path);
    }
}
