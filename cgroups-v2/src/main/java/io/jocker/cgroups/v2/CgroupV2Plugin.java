package io.jocker.cgroups.v2;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.Plugin;
import java.util.List;

/** Registers the cgroup v2 driver. */
public final class CgroupV2Plugin implements Plugin {

    @Override
    public List<CgroupDriverFactory> cgroupDrivers() {
        return List.of(new CgroupV2DriverFactory());
    }
}
