package io.jocker.cgroups.v1;

import io.jocker.spi.support.CpuList;
import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code cpuset}: CPUs and memory nodes; a new cpuset starts empty and must inherit them before use. */
record CpusetController(Path mount) implements Controller {

    static final String CPUS = "cpuset.cpus";
    static final String MEMS = "cpuset.mems";

    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public boolean governs(Resources r) {
        return r.cpusetCpus() != null || r.cpusetMems() != null;
    }

    @Override
    public void validate(Resources r) throws CgroupException {
        if (r.cpusetCpus() != null) {
            CpuList.checkSubset(r.cpusetCpus(), CgroupFiles.read(mount.resolve(CPUS)), "CPUs");
        }
        if (r.cpusetMems() != null) {
            CpuList.checkSubset(r.cpusetMems(), CgroupFiles.read(mount.resolve(MEMS)), "memory nodes");
        }
    }

    /** Without this, adding a task fails with ENOSPC. */
    @Override
    public void initialiseParent(Path parent, Path dir) throws CgroupException {
        initialise(parent, dir);
    }

    @Override
    public void initialise(Path parent, Path dir) throws CgroupException {
        inherit(parent, dir, CPUS);
        inherit(parent, dir, MEMS);
    }

    private static void inherit(Path parent, Path dir, String file) throws CgroupException {
        Path target = dir.resolve(file);
        if (!Files.exists(target) || CgroupFiles.read(target).isEmpty()) {
            CgroupFiles.write(target, CgroupFiles.read(parent.resolve(file)));
        }
    }

    @Override
    public void apply(Path dir, Resources r) throws CgroupException {
        if (r.cpusetCpus() != null) {
            CgroupFiles.write(dir.resolve(CPUS), r.cpusetCpus());
        }
        if (r.cpusetMems() != null) {
            CgroupFiles.write(dir.resolve(MEMS), r.cpusetMems());
        }
    }
}
