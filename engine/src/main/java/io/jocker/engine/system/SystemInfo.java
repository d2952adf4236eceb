package io.jocker.engine.system;

import java.util.List;

/**
 * What {@code jocker info} reports.
 *
 * @param version jocker's version
 * @param kernelVersion {@code uname -r}
 * @param operatingSystem PRETTY_NAME from os-release
 * @param architecture the machine architecture
 * @param cpus online CPUs
 * @param memoryBytes total memory
 * @param rootDir the jocker root
 * @param storageDriver the selected storage driver, or why none could be selected
 * @param cgroupDriver the selected cgroup driver, or why none could be selected
 * @param isolator the selected isolator, or why none could be selected
 * @param containers container counts
 * @param drivers every discovered driver
 */
public record SystemInfo(
        String version,
        String kernelVersion,
        String operatingSystem,
        String architecture,
        int cpus,
        long memoryBytes,
        String rootDir,
        String storageDriver,
        String cgroupDriver,
        String isolator,
        ContainerCounts containers,
        List<DriverInfo> drivers) {

    /** How many containers are in each state. */
    public record ContainerCounts(int total, int running, int paused, int stopped) {}
}
