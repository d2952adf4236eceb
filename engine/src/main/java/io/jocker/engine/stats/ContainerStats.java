package io.jocker.engine.stats;

/**
 * One {@code stats} line, computed from two samples the way the Docker CLI computes it.
 *
 * @param id the container's full id
 * @param name the container's name
 * @param cpuPercent CPU use over the interval, 100 per fully used CPU
 * @param memoryUsage bytes in use, page cache excluded
 * @param memoryLimit the limit, at most the host's memory
 * @param memoryPercent usage as a percentage of the limit
 * @param netRx bytes received
 * @param netTx bytes sent
 * @param blockRead bytes read from block devices
 * @param blockWrite bytes written to block devices
 * @param pids the number of tasks
 */
public record ContainerStats(
        String id,
        String name,
        double cpuPercent,
        long memoryUsage,
        long memoryLimit,
        double memoryPercent,
        long netRx,
        long netTx,
        long blockRead,
        long blockWrite,
        long pids) {

    /**
     * Docker's {@code calculateCPUPercentUnix}: the container's share of the machine's CPU time
     * between the samples, times the CPU count; and memory as a share of the limit.
     */
    public static ContainerStats between(StatsSample previous, StatsSample current) {
        if (!current.running()) {
            return new ContainerStats(current.id(), current.name(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double cpuDelta = current.cgroup().cpuUsageNanos() - previous.cgroup().cpuUsageNanos();
        double systemDelta = current.systemCpuNanos() - previous.systemCpuNanos();
        double cpu = previous.running() && cpuDelta > 0 && systemDelta > 0
                ? cpuDelta / systemDelta * current.onlineCpus() * 100.0
                : 0;
        long limit = current.cgroup().memoryLimit();
        if (current.hostMemory() > 0 && limit > current.hostMemory()) {
            limit = current.hostMemory();
        }
        long usage = current.cgroup().memoryUsage();
        double memoryPercent = limit > 0 ? usage * 100.0 / limit : 0;
        return new ContainerStats(current.id(), current.name(), cpu, usage, limit, memoryPercent, current.netRx(),
                current.netTx(), current.cgroup().blockRead(), current.cgroup().blockWrite(), current.cgroup().pids());
    }
}
