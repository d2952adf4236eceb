package io.jocker.cgroups.v2;

import io.jocker.spi.support.CgroupNames;
import io.jocker.spi.support.CpuList;
import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The cgroup v2 limiter: one cgroup per container at {@code jocker/<id>} (or a path of the caller's) in the unified hierarchy. */
public final class CgroupV2Driver implements CgroupDriver {

    private final V2Hierarchy hierarchy;

    /** A driver for the unified hierarchy mounted at {@code root} (normally /sys/fs/cgroup). */
    public CgroupV2Driver(Path root) {
        this.hierarchy = new V2Hierarchy(root);
    }

    @Override
    public String name() {
        return CgroupV2DriverFactory.NAME;
    }

    @Override
    public String cgroupVersion() {
        return "2";
    }

    @Override
    public List<String> controllers() {
        try {
            return hierarchy.available();
        } catch (CgroupException e) {
            return List.of();
        }
    }

    @Override
    public ContainerCgroup create(String containerId, Resources resources) throws CgroupException {
        return createAt(CgroupNames.SUBTREE + "/" + CgroupNames.check(containerId), resources);
    }

    @Override
    public ContainerCgroup createAt(String path, Resources resources) throws CgroupException {
        Path dir = hierarchy.root().resolve(CgroupNames.checkPath(path));
        List<LimitWrite> writes = V2Limits.writes(resources, V2Limits.CurrentValues.NONE);
        Set<String> limitControllers = controllersOf(writes);
        hierarchy.checkAvailable(limitControllers);
        checkCpuset(resources);
        if (Files.exists(dir)) {
            throw new CgroupException("cgroup " + dir + " already exists");
        }
        hierarchy.prepareParents(path, hierarchy.toEnable(limitControllers));
        CgroupFiles.createDirectory(dir);
        try {
            for (LimitWrite write : writes) {
                CgroupFiles.write(dir.resolve(write.file()), write.value());
            }
        } catch (CgroupException e) {
            try {
                CgroupFiles.removeDirectory(dir);
            } catch (CgroupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new CgroupV2Cgroup(hierarchy, path);
    }

    static Set<String> controllersOf(List<LimitWrite> writes) {
        Set<String> controllers = new LinkedHashSet<>();
        writes.forEach(w -> controllers.add(w.controller()));
        return controllers;
    }

    private void checkCpuset(Resources r) throws CgroupException {
        Path effectiveCpus = hierarchy.root().resolve("cpuset.cpus.effective");
        if (r.cpusetCpus() != null && Files.exists(effectiveCpus)) {
            CpuList.checkSubset(r.cpusetCpus(), CgroupFiles.read(effectiveCpus), "CPUs");
        }
        Path effectiveMems = hierarchy.root().resolve("cpuset.mems.effective");
        if (r.cpusetMems() != null && Files.exists(effectiveMems)) {
            CpuList.checkSubset(r.cpusetMems(), CgroupFiles.read(effectiveMems), "memory nodes");
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
            return Files.isDirectory(hierarchy.root().resolve(CgroupNames.checkPath(path)))
                    ? Optional.of(new CgroupV2Cgroup(hierarchy, path))
                    : Optional.empty();
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }
}
