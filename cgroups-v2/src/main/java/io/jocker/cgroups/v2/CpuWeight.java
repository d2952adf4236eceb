package io.jocker.cgroups.v2;

/** Docker's {@code --cpu-shares} (2 to 262144) as cgroup v2's {@code cpu.weight} (1 to 10000). */
final class CpuWeight {

    private CpuWeight() {}

    /** runc's conversion, so that jocker and Docker agree on the weight of the same flag. */
    static long fromShares(long shares) {
        if (shares == 0) {
            return 0;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }
}
