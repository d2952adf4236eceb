package io.jocker.engine.resources;

import io.jocker.spi.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns Docker's resource flags into {@link Resources}, with the Docker CLI's parse errors and
 * the Docker daemon's validations, adjustments and warnings, in Docker's wording.
 */
public final class ResourceParser {

    /** Docker's {@code linuxMinMemory}. */
    static final long MIN_MEMORY = 6 * 1024 * 1024;
    static final long MIN_CPU_SHARES = 2;
    static final long MAX_CPU_SHARES = 262144;
    static final long CPU_PERIOD = 100_000;
    private static final long NANO = 1_000_000_000L;

    private final HostResources host;

    public ResourceParser(HostResources host) {
        this.host = host;
    }

    /** For {@code run} and {@code create}: Docker defaults {@code --memory-swap} to twice {@code -m}. */
    public ParsedResources parse(ResourceFlags flags) throws InvalidResourceException {
        return parse(flags, false);
    }

    /** For {@code update}: only what is given changes, so nothing is defaulted. */
    public ParsedResources parseUpdate(ResourceFlags flags) throws InvalidResourceException {
        return parse(flags, true);
    }

    private ParsedResources parse(ResourceFlags flags, boolean update) throws InvalidResourceException {
        long memory = size(flags.memory(), "-m, --memory");
        long swap = "-1".equals(flags.memorySwap()) ? -1 : size(flags.memorySwap(), "--memory-swap");
        long reservation = size(flags.memoryReservation(), "--memory-reservation");
        long nanoCpus = nanoCpus(flags.cpus());
        if (flags.cpus() != null && nanoCpus == 0) {
            // Docker reads --cpus 0 as "no limit"; jocker's specification counts it as a mistake.
            throw new InvalidResourceException("Range of CPUs is from 0.01 to " + host.cpus() + ".00, as there are only "
                    + host.cpus() + " CPUs available");
        }
        long shares = integer(flags.cpuShares(), "-c, --cpu-shares");
        long period = integer(flags.cpuPeriod(), "--cpu-period");
        long quota = integer(flags.cpuQuota(), "--cpu-quota");
        List<String> warnings = new ArrayList<>();

        checkMemory(memory, swap, reservation, update);
        if (flags.oomKillDisable() && memory == 0 && !update) {
            warnings.add("WARNING: Disabling the OOM killer on containers without setting a '-m/--memory' limit may be dangerous.");
        }
        checkCpu(nanoCpus, shares, period, quota);
        checkCpuset(flags.cpusetCpus(), host.cpusetCpus(), "cpus", "CPUs");
        checkCpuset(flags.cpusetMems(), host.cpusetMems(), "mems", "memory nodes");

        Long swapLimit = swap != 0 ? Long.valueOf(swap) : memory > 0 && !update ? Long.valueOf(memory * 2) : null;
        Long cpuPeriod = nanoCpus > 0 ? Long.valueOf(CPU_PERIOD) : positiveOrNull(period);
        Long cpuQuota = nanoCpus > 0 ? Long.valueOf(nanoCpus * CPU_PERIOD / NANO) : quota != 0 ? Long.valueOf(quota) : null;
        Resources resources = Resources.builder().memory(positiveOrNull(memory)).memorySwap(swapLimit).memoryReservation(positiveOrNull(reservation)).cpuShares(shares > 0 ? Long.valueOf(Math.max(MIN_CPU_SHARES, Math.min(MAX_CPU_SHARES, shares))) : null).cpuPeriod(cpuPeriod).cpuQuota(cpuQuota).cpusetCpus(emptyToNull(flags.cpusetCpus())).cpusetMems(emptyToNull(flags.cpusetMems())).pidsLimit(pids(flags.pidsLimit())).oomKillDisable(flags.oomKillDisable() ? Boolean.TRUE : null).build();
        return new ParsedResources(resources, warnings);
    }

    private static void checkMemory(long memory, long swap, long reservation, boolean update)
            throws InvalidResourceException {
        if (memory != 0 && memory < MIN_MEMORY) {
            throw new InvalidResourceException("Minimum memory limit allowed is 6MB");
        }
        if (memory > 0 && swap > 0 && swap < memory) {
            throw new InvalidResourceException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memory == 0 && swap > 0 && !update) {
            throw new InvalidResourceException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (memory > 0 && reservation > 0 && memory < reservation) {
            throw new InvalidResourceException(
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (reservation > 0 && reservation < MIN_MEMORY) {
            throw new InvalidResourceException("Minimum memory reservation allowed is 6MB");
        }
    }

    private void checkCpu(long nanoCpus, long shares, long period, long quota) throws InvalidResourceException {
        if (nanoCpus > 0 && period > 0) {
            throw new InvalidResourceException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nanoCpus > 0 && quota > 0) {
            throw new InvalidResourceException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        // Docker leaves values below 0.01 to the kernel, which refuses a quota under 1000 us; say so up front.
        if (nanoCpus < 0 || nanoCpus > host.cpus() * NANO || (nanoCpus > 0 && nanoCpus < NANO / 100)) {
            throw new InvalidResourceException("Range of CPUs is from 0.01 to " + host.cpus() + ".00, as there are only "
                    + host.cpus() + " CPUs available");
        }
        if (shares < 0) {
            throw new InvalidResourceException("shares: invalid argument");
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw new InvalidResourceException(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (quota > 0 && quota < 1000) {
            throw new InvalidResourceException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
    }

    private static void checkCpuset(String requested, String available, String kind, String what)
            throws InvalidResourceException {
        if (requested == null || requested.isEmpty()) {
            return;
        }
        BitSet missing;
        try {
            missing = CpusetList.parse(requested);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException("Invalid value " + requested + " for cpuset " + kind);
        }
        missing.andNot(CpusetList.parse(available));
        if (!missing.isEmpty()) {
            throw new InvalidResourceException(
                    "Requested " + what + " are not available - requested " + requested + ", available: " + available);
        }
    }

    private static long size(String value, String flag) throws InvalidResourceException {
        if (value == null) {
            return 0;
        }
        try {
            return ByteSizes.ramInBytes(value);
        } catch (IllegalArgumentException e) {
            throw invalidArgument(value, flag, e.getMessage());
        }
    }

    /** Docker's {@code opts.ParseCPUs}: a decimal, exact to the nanosecond. */
    private static long nanoCpus(String value) throws InvalidResourceException {
        if (value == null) {
            return 0;
        }
        BigDecimal nano;
        try {
            nano = new BigDecimal(value).multiply(BigDecimal.valueOf(NANO));
        } catch (NumberFormatException e) {
            throw invalidArgument(value, "--cpus", "failed to parse " + value + " as a rational number");
        }
        try {
            return nano.longValueExact();
        } catch (ArithmeticException e) {
            throw invalidArgument(value, "--cpus", "value is too precise");
        }
    }

    private static long integer(String value, String flag) throws InvalidResourceException {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            String reason = value.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
            throw invalidArgument(value, flag, "strconv.ParseInt: parsing \"" + value + "\": " + reason);
        }
    }

    /** Docker: -1 and (since API 1.41) 0 both mean unlimited. */
    private static Long pids(String value) throws InvalidResourceException {
        if (value == null) {
            return null;
        }
        long limit = integer(value, "--pids-limit");
        return limit > 0 ? limit : -1L;
    }

    private static InvalidResourceException invalidArgument(String value, String flag, String reason) {
        return new InvalidResourceException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason);
    }

    private static Long positiveOrNull(long value) {
        return value > 0 ? Long.valueOf(value) : null;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
