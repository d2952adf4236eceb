package io.jocker.oci;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.Isolator;

/** The drivers the runtime works through, created on first use. */
interface RuntimeDrivers {

    /** The isolator for new containers. */
    Isolator isolator() throws OciException;

    /** The cgroup driver for new containers. */
    CgroupDriver cgroups() throws OciException;

    /** The cgroup driver of this name, which made an existing container's cgroup. */
    CgroupDriver cgroups(String name) throws OciException;
}
