package io.jocker.engine.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host facts the flags are checked against, passed in so that validation is deterministic.
 *
 * @param cpus the number of online CPUs
 * @param cpusetCpus the CPUs a container may use, list format (for example {@code 0-1})
 * @param cpusetMems the memory nodes a container may use, list format (for example {@code 0})
 */
public record HostResources(int cpus, String cpusetCpus, String cpusetMems) {

    /**
     * Reads the online CPUs and memory nodes under {@code root} ({@code /} in production):
     * {@code sys/devices/system/cpu/online} and {@code sys/devices/system/node/online}. A
     * kernel without NUMA has no node directory and only node 0; without the CPU file, every
     * one of {@code cpus} counts as online.
     */
    public static HostResources probe(Path root, int cpus) {
        String online = read(root.resolve("sys/devices/system/cpu/online"), cpus > 1 ? "0-" + (cpus - 1) : "0");
        String nodes = read(root.resolve("sys/devices/system/node/online"), "0");
        return new HostResources(cpus, online, nodes);
    }

    private static String read(Path file, String fallback) {
        try {
            String value = Files.readString(file).trim();
            return value.isEmpty() ? fallback : value;
        } catch (IOException e) {
            return fallback;
        }
    }
}
