package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Path;

/** {@code cpu}: CFS shares, period and quota. */
record CpuController(Path mount) implements Controller {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean governs(Resources r) {
        return r.cpuShares() != null || r.cpuPeriod() != null || r.cpuQuota() != null;
    }

    @Override
    public void apply(Path dir, Resources r) throws CgroupException {
        if (r.cpuShares() != null) {
            CgroupFiles.write(dir.resolve("cpu.shares"), Long.toString(r.cpuShares()));
        }
        // The period first: the kernel checks the quota against the current period.
        if (r.cpuPeriod() != null) {
            CgroupFiles.write(dir.resolve("cpu.cfs_period_us"), Long.toString(r.cpuPeriod()));
        }
        if (r.cpuQuota() != null) {
            CgroupFiles.write(dir.resolve("cpu.cfs_quota_us"), r.cpuQuota() > 0 ? Long.toString(r.cpuQuota()) : "-1");
        }
    }
}
