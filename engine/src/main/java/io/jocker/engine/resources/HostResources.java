package io.jocker.engine.resources;

/**
 * The host facts the flags are checked against, passed in so that validation is deterministic.
 *
 * @param cpus the number of online CPUs
 * @param cpusetCpus the CPUs a container may use, list format (for example {@code 0-1})
 * @param cpusetMems the memory nodes a container may use, list format (for example {@code 0})
 */
public record HostResources(int cpus, String cpusetCpus, String cpusetMems) {}
