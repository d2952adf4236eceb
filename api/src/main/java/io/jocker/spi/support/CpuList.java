package io.jocker.spi.support;

import io.jocker.spi.CgroupException;
import java.util.BitSet;

/** The kernel's list format for CPUs and memory nodes, such as {@code 0-2,4}. */
public final class CpuList {

    private CpuList() {}

    public static BitSet parse(String list, String what) throws CgroupException {
        BitSet set = new BitSet();
        if (list.isBlank()) {
            return set;
        }
        for (String part : list.trim().split(",")) {
            String[] range = part.split("-", -1);
            try {
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                if (range.length > 2 || from < 0 || to < from || to > 65535) {
                    throw new NumberFormatException(part);
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new CgroupException("invalid " + what + " list \"" + list + "\"", e);
            }
        }
        return set;
    }

    /** Fails unless every entry of {@code requested} is in {@code available}. */
    public static void checkSubset(String requested, String available, String what) throws CgroupException {
        BitSet missing = parse(requested, what);
        missing.andNot(parse(available, what));
        if (!missing.isEmpty()) {
            throw new CgroupException("Requested " + what + " are not available - requested " + requested
                    + ", available: " + available);
        }
    }
}
