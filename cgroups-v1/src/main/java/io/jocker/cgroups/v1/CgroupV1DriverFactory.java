package io.jocker.cgroups.v1;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Support;

/** Offers {@link CgroupV1Driver} where cgroup v1 hierarchies are mounted under the cgroup root. */
public final class CgroupV1DriverFactory implements CgroupDriverFactory {

    public static final String NAME = "v1";

    @Override
    public String name() {
        return NAME;
    }

    /** Below v2, which wins {@code auto} wherever it is usable. */
    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Support isSupported(Host host) {
        V1Hierarchies hierarchies = V1Hierarchies.probe(host);
        if (hierarchies.isEmpty()) {
            return Support.no("no cgroup v1 hierarchy (" + String.join(", ", V1Hierarchies.KNOWN)
                    + ") is mounted under " + host.cgroupRoot() + " according to " + host.proc().resolve("self/mountinfo"));
        }
        return Support.yes();
    }

    @Override
    public CgroupDriver create(DriverContext context) {
        return new CgroupV1Driver(V1Hierarchies.probe(context.host()));
    }
}
