package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code memory}: hard and soft limits, memory+swap, the OOM killer switch, usage and OOM kills. */
record MemoryController(Path mount) implements Controller {

    static final String LIMIT = "memory.limit_in_bytes";
    static final String MEMSW_LIMIT = "memory.memsw.limit_in_bytes";
    static final String SOFT_LIMIT = "memory.soft_limit_in_bytes";
    static final String OOM_CONTROL = "memory.oom_control";
    /** v1 reports "unlimited" as LONG_MAX rounded down to a page. */
    private static final long UNLIMITED_THRESHOLD = Long.MAX_VALUE - 4096 * 4096L;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean governs(Resources r) {
        return r.memory() != null || r.memorySwap() != null || r.memoryReservation() != null
                || Boolean.TRUE.equals(r.oomKillDisable());
    }

    /** Like Docker, a kernel without swap accounting (no memsw files) gets no swap limit. */
    @Override
    public void apply(Path dir, Resources r) throws CgroupException {
        Long swap = Files.exists(mount.resolve(MEMSW_LIMIT)) ? r.memorySwap() : null;
        if (r.memory() != null && swap != null) {
            writeMemoryAndSwap(dir, r.memory(), swap);
        } else if (r.memory() != null) {
            CgroupFiles.write(dir.resolve(LIMIT), value(r.memory()));
        } else if (swap != null) {
            CgroupFiles.write(dir.resolve(MEMSW_LIMIT), value(swap));
        }
        if (r.memoryReservation() != null) {
            CgroupFiles.write(dir.resolve(SOFT_LIMIT), value(r.memoryReservation()));
        }
        if (r.oomKillDisable() != null) {
            CgroupFiles.write(dir.resolve(OOM_CONTROL), r.oomKillDisable() ? "1" : "0");
        }
    }

    /**
     * The kernel keeps memory &lt;= memory+swap at every step: lowering goes memory first, raising
     * goes memory+swap first. Rather than read the current values, try the lowering order and fall
     * back to the raising one when the kernel refuses.
     */
    private static void writeMemoryAndSwap(Path dir, long memory, long swap) throws CgroupException {
        try {
            CgroupFiles.write(dir.resolve(LIMIT), value(memory));
        } catch (CgroupException refused) {
            CgroupFiles.write(dir.resolve(MEMSW_LIMIT), value(swap));
            CgroupFiles.write(dir.resolve(LIMIT), value(memory));
            return;
        }
        CgroupFiles.write(dir.resolve(MEMSW_LIMIT), value(swap));
    }

    private static String value(long bytes) {
        return bytes <= 0 ? "-1" : Long.toString(bytes);
    }

    /** Docker's figure: usage minus the inactive page cache. */
    long usage(Path dir) throws CgroupException {
        long usage = CgroupFiles.readLong(dir.resolve("memory.usage_in_bytes"));
        long inactive = CgroupFiles.readKey(dir.resolve("memory.stat"), "total_inactive_file");
        return inactive > 0 && inactive < usage ? usage - inactive : usage;
    }

    long limit(Path dir) throws CgroupException {
        long limit = CgroupFiles.readLong(dir.resolve(LIMIT));
        return limit >= UNLIMITED_THRESHOLD ? Long.MAX_VALUE : limit;
    }

    boolean oomKilled(Path dir) throws CgroupException {
        Path control = dir.resolve(OOM_CONTROL);
        return Files.exists(control) && CgroupFiles.readKey(control, "oom_kill") > 0;
    }
}
