package io.jocker.cgroups.v1;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.Plugin;
import java.util.List;

/** Registers the cgroup v1 driver. */
public final class CgroupV1Plugin implements Plugin {

    @Override
    public List<CgroupDriverFactory> cgroupDrivers() {
        return List.of(new CgroupV1DriverFactory());
    }
}
