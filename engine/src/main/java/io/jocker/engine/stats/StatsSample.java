package io.jocker.engine.stats;

import io.jocker.spi.CgroupStats;
import java.time.Instant;

/**
 * One reading of a container's counters, the raw material of a {@code stats} line; CPU % needs
 * two of them.
 *
 * @param id the container's full id
 * @param name the container's name
 * @param running whether it ran when sampled (a stopped container reads as all zeros)
 * @param at when the sample was taken
 * @param systemCpuNanos the machine's total CPU time
 * @param onlineCpus the number of online CPUs
 * @param hostMemory the machine's memory, which caps an unlimited container's limit as in Docker
 * @param cgroup the cgroup's counters
 * @param netRx bytes received on the container's interfaces
 * @param netTx bytes sent on the container's interfaces
 */
public record StatsSample(
        String id,
        String name,
        boolean running,
        Instant at,
        long systemCpuNanos,
        int onlineCpus,
        long hostMemory,
        CgroupStats cgroup,
        long netRx,
        long netTx) {}
