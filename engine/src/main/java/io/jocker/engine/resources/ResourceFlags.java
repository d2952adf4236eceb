package io.jocker.engine.resources;

/**
 * Docker's resource flags exactly as the user typed them; null for a flag not given.
 *
 * @param memory {@code -m/--memory}
 * @param memorySwap {@code --memory-swap}
 * @param memoryReservation {@code --memory-reservation}
 * @param cpus {@code --cpus}
 * @param cpuShares {@code -c/--cpu-shares}
 * @param cpuPeriod {@code --cpu-period}
 * @param cpuQuota {@code --cpu-quota}
 * @param cpusetCpus {@code --cpuset-cpus}
 * @param cpusetMems {@code --cpuset-mems}
 * @param pidsLimit {@code --pids-limit}
 * @param oomKillDisable {@code --oom-kill-disable}
 */
public record ResourceFlags(
        String memory,
        String memorySwap,
        String memoryReservation,
        String cpus,
        String cpuShares,
        String cpuPeriod,
        String cpuQuota,
        String cpusetCpus,
        String cpusetMems,
        String pidsLimit,
        boolean oomKillDisable) {

    /** No flag given. */
    public static ResourceFlags none() {
        return new ResourceFlags(null, null, null, null, null, null, null, null, null, null, false);
    }
}
