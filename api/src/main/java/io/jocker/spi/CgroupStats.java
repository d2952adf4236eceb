package io.jocker.spi;

/**
 * A sample of a cgroup's usage, in the raw units Docker's {@code stats} computes from.
 *
 * @param cpuUsageNanos total CPU time consumed
 * @param memoryUsage bytes in use, page cache excluded the way Docker excludes it
 * @param memoryLimit the effective limit in bytes ({@link Long#MAX_VALUE} when unlimited)
 * @param pids the number of tasks
 */
public record CgroupStats(long cpuUsageNanos, long memoryUsage, long memoryLimit, long pids) {}
