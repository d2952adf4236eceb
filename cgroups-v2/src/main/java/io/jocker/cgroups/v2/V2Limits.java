package io.jocker.cgroups.v2;

import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Translates Docker's limits into cgroup v2 file writes, one per limit that is set. */
final class V2Limits {

    static final long DEFAULT_CPU_PERIOD = 100_000;

    private V2Limits() {}

    /**
     * The writes for {@code r}. {@code current} answers the present value of a file of the
     * cgroup, for limits that v2 combines from two Docker fields (swap, quota with period).
     */
    static List<LimitWrite> writes(Resources r, CurrentValues current) throws CgroupException {
        List<LimitWrite> writes = new ArrayList<>();
        if (r.memory() != null) {
            writes.add(new LimitWrite("memory", "memory.max", max(r.memory())));
        }
        if (r.memorySwap() != null) {
            writes.add(new LimitWrite("memory", "memory.swap.max", swap(r, current)));
        }
        if (r.memoryReservation() != null) {
            writes.add(new LimitWrite("memory", "memory.low", r.memoryReservation() > 0 ? r.memoryReservation().toString() : "0"));
        }
        if (r.cpuShares() != null) {
            writes.add(new LimitWrite("cpu", "cpu.weight", Long.toString(CpuWeight.fromShares(r.cpuShares()))));
        }
        if (r.cpuQuota() != null || r.cpuPeriod() != null) {
            writes.add(new LimitWrite("cpu", "cpu.max", cpuMax(r, current)));
        }
        if (r.cpusetCpus() != null) {
            writes.add(new LimitWrite("cpuset", "cpuset.cpus", r.cpusetCpus()));
        }
        if (r.cpusetMems() != null) {
            writes.add(new LimitWrite("cpuset", "cpuset.mems", r.cpusetMems()));
        }
        if (r.pidsLimit() != null) {
            writes.add(new LimitWrite("pids", "pids.max", max(r.pidsLimit())));
        }
        return writes;
    }

    private static String max(long value) {
        return value > 0 ? Long.toString(value) : "max";
    }

    /** v2 limits swap alone, Docker limits memory plus swap: swap.max = memory-swap - memory. */
    private static String swap(Resources r, CurrentValues current) throws CgroupException {
        long total = r.memorySwap();
        if (total < 0) {
            return "max";
        }
        long memory;
        if (r.memory() != null) {
            memory = r.memory();
        } else {
            String present = current.read("memory.max").orElse("max");
            if (present.equals("max")) {
                throw new CgroupException("You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            memory = Long.parseLong(present);
        }
        if (memory <= 0) {
            throw new CgroupException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (total < memory) {
            throw new CgroupException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        return Long.toString(total - memory);
    }

    /** cpu.max is "quota period"; a field not given keeps its present value. */
    private static String cpuMax(Resources r, CurrentValues current) {
        String[] present = current.read("cpu.max").orElse("max " + DEFAULT_CPU_PERIOD).split(" ");
        String quota = r.cpuQuota() != null ? max(r.cpuQuota()) : present[0];
        String period = r.cpuPeriod() != null ? r.cpuPeriod().toString()
                : present.length > 1 ? present[1] : Long.toString(DEFAULT_CPU_PERIOD);
        return quota + " " + period;
    }

    /** Reads the present content of one of the cgroup's files, if it exists. */
    @FunctionalInterface
    interface CurrentValues {
        Optional<String> read(String file);

        CurrentValues NONE = file -> Optional.empty();
    }
}
