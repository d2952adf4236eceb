package io.jocker.engine.system;

import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.CgroupDriver;
import jakarta.inject.Inject;
import java.util.Optional;

/** Answers the cgroup part of {@code jocker info}: the selected driver, its cgroup version and usable controllers. */
public final class CgroupInfoService {

    private final Drivers drivers;

    @Inject
    public CgroupInfoService(Drivers drivers) {
        this.drivers = drivers;
    }

    /** Empty when no cgroup driver can be selected; {@code info} already says why. */
    public Optional<CgroupInfo> info() {
        CgroupDriver driver;
        try {
            driver = drivers.get(DriverKind.CGROUP, CgroupDriver.class);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new CgroupInfo(driver.name(), driver.cgroupVersion(), driver.controllers()));
    }
}
