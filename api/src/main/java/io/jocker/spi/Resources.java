package io.jocker.spi;

import java.util.List;

/**
 * Resource limits in Docker's units and semantics; a null field means "not set".
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * limits, which adds builder methods, while the canonical constructor's arguments change.
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
 * @param deviceRules device access allowed beyond the defaults, in the devices controller's
 *     syntax ({@code c 1:3 rwm}): {@code --device} and {@code --device-cgroup-rule}; enforced
 *     where the driver has a devices controller (cgroup v1)
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
        Boolean oomKillDisable,
        List<String> deviceRules) {

    public Resources {
        deviceRules = deviceRules == null ? null : List.copyOf(deviceRules);
    }

    /** No limits. */
    public static Resources none() {
        return builder().build();
    }

    /** A builder with no limit set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's limits. */
    public Builder toBuilder() {
        return new Builder()
                .memory(memory)
                .memorySwap(memorySwap)
                .memoryReservation(memoryReservation)
                .cpuShares(cpuShares)
                .cpuPeriod(cpuPeriod)
                .cpuQuota(cpuQuota)
                .cpusetCpus(cpusetCpus)
                .cpusetMems(cpusetMems)
                .pidsLimit(pidsLimit)
                .oomKillDisable(oomKillDisable)
                .deviceRules(deviceRules);
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
                pick(update.oomKillDisable, oomKillDisable),
                pick(update.deviceRules, deviceRules));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Builds {@link Resources}; a limit not set stays null ("not set"). */
    public static final class Builder {
        private Long memory;
        private Long memorySwap;
        private Long memoryReservation;
        private Long cpuShares;
        private Long cpuPeriod;
        private Long cpuQuota;
        private String cpusetCpus;
        private String cpusetMems;
        private Long pidsLimit;
        private Boolean oomKillDisable;
        private List<String> deviceRules;

        private Builder() {}

        public Builder memory(Long value) {
            this.memory = value;
            return this;
        }

        public Builder memorySwap(Long value) {
            this.memorySwap = value;
            return this;
        }

        public Builder memoryReservation(Long value) {
            this.memoryReservation = value;
            return this;
        }

        public Builder cpuShares(Long value) {
            this.cpuShares = value;
            return this;
        }

        public Builder cpuPeriod(Long value) {
            this.cpuPeriod = value;
            return this;
        }

        public Builder cpuQuota(Long value) {
            this.cpuQuota = value;
            return this;
        }

        public Builder cpusetCpus(String value) {
            this.cpusetCpus = value;
            return this;
        }

        public Builder cpusetMems(String value) {
            this.cpusetMems = value;
            return this;
        }

        public Builder pidsLimit(Long value) {
            this.pidsLimit = value;
            return this;
        }

        public Builder oomKillDisable(Boolean value) {
            this.oomKillDisable = value;
            return this;
        }

        public Builder deviceRules(List<String> value) {
            this.deviceRules = value;
            return this;
        }

        public Resources build() {
            return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems,
                    pidsLimit, oomKillDisable, deviceRules);
        }
    }
}
