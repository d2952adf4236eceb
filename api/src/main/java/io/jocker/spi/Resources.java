package io.jocker.spi;

/**
 * Resource limits in Docker's units and semantics; a null field means "not set".
 *
 * @param memory bytes ({@code -m})
 * @param memorySwap bytes of memory plus swap; -1 is unlimited ({@code --memory-swap})
 * @param memoryReservation soft limit in bytes ({@code --memory-reservation})
 * @param cpuShares relative weight, 2 to 262144 ({@code --cpu-shares})
 * @param cpuPeriod CFS period in microseconds ({@code --cpu-period})
 * @param cpuQuota CFS quota in microseconds per period; {@code --cpus} sets period and quota
 * @param cpusetCpus CPUs allowed, in list format ({@code --cpuset-cpus})
 * @param cpusetMems memory nodes allowed ({@code --cpuset-mems})
 * @param pidsLimit maximum number of tasks; -1 or 0 is unlimited ({@code --pids-limit})
 * @param oomKillDisable disable the OOM killer ({@code --oom-kill-disable})
 */
public record Resources(
        Long memory,
        Long memorySwap,
        Long memoryReservation,
        Long cpuShares,
        Long cpuPeriod,
        Long cpuQuota,
        String cpusetCpus,
        String cpusetMems,
        Long pidsLimit,
        Boolean oomKillDisable) {

    /** No limits. */
    public static Resources none() {
        return new Resources(null, null, null, null, null, null, null, null, null, null);
    }

    /** This record with every field that {@code update} sets replaced. */
    public Resources merge(Resources update) {
        return new Resources(
                pick(update.memory, memory),
                pick(update.memorySwap, memorySwap),
                pick(update.memoryReservation, memoryReservation),
                pick(update.cpuShares, cpuShares),
                pick(update.cpuPeriod, cpuPeriod),
                pick(update.cpuQuota, cpuQuota),
                pick(update.cpusetCpus, cpusetCpus),
                pick(update.cpusetMems, cpusetMems),
                pick(update.pidsLimit, pidsLimit),
                pick(update.oomKillDisable, oomKillDisable));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
