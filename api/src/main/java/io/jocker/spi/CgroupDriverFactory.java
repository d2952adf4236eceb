package io.jocker.spi;

/** A factory of {@link CgroupDriver}s; see {@link DriverFactory} for the contract of cgroup drivers. */
public interface CgroupDriverFactory extends DriverFactory<CgroupDriver> {}
