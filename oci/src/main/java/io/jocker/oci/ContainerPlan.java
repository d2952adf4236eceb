package io.jocker.oci;

import io.jocker.spi.ContainerSpec;
import io.jocker.spi.Resources;

/**
 * A bundle's config in the SPI's terms.
 *
 * @param spec what the isolator starts; its stdio, cgroup mounts and start gate are set at creation
 * @param resources the cgroup limits
 * @param cgroupPath where the cgroup goes, relative to each hierarchy's root
 */
record ContainerPlan(ContainerSpec spec, Resources resources, String cgroupPath) {}
