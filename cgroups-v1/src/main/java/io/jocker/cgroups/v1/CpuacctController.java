package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import java.nio.file.Path;

/** {@code cpuacct}: CPU time accounting, often co-mounted with {@code cpu}. */
record CpuacctController(Path mount) implements Controller {

    @Override
    public String name() {
        return "cpuacct";
    }

    long usageNanos(Path dir) throws CgroupException {
        return CgroupFiles.readLong(dir.resolve("cpuacct.usage"));
    }
}
