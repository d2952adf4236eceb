package io.jocker.spi;

/**
 * A sample of a cgroup's usage, in the raw units Docker's {@code stats} computes from.
 *
 * @param cpuUsageNanos total CPU time consumed
 * @param memoryUsage bytes in use, page cache excluded the way Docker excludes it
 * @param memoryLimit the effective limit in bytes ({@link Long#MAX_VALUE} when unlimited)
 * @param pids the number of tasks
 * @param blockRead bytes read from block devices (0 where the driver cannot account I/O)
 * @param blockWrite bytes written to block devices (0 where the driver cannot account I/O)
 */
public record CgroupStats(long cpuUsageNanos, long memoryUsage, long memoryLimit, long pids, long blockRead,
        long blockWrite) {

    /** A sample without block I/O accounting. */
    public CgroupStats(long cpuUsageNanos, long memoryUsage, long memoryLimit, long pids) {
        this(cpuUsageNanos, memoryUsage, memoryLimit, pids, 0, 0);
    }
}
