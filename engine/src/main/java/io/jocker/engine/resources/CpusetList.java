package io.jocker.engine.resources;

import java.util.BitSet;

/** Docker's {@code parsers.ParseUintList}: {@code 0-2,4}; empty means none. */
final class CpusetList {

    /** Docker's ceiling, so that a hostile {@code 0-2147483647} cannot allocate gigabytes. */
    private static final int MAXIMUM = 8192;

    private CpusetList() {}

    static BitSet parse(String list) throws IllegalArgumentException {
        BitSet set = new BitSet();
        if (list.isEmpty()) {
            return set;
        }
        for (String part : list.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("invalid format: " + list);
            }
            int from = number(range[0], list);
            int to = range.length == 2 ? number(range[1], list) : from;
            if (to < from) {
                throw new IllegalArgumentException("invalid range: " + part);
            }
            set.set(from, to + 1);
        }
        return set;
    }

    private static int number(String text, String list) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > MAXIMUM) {
            throw new IllegalArgumentException("invalid format: " + list);
        }
        return Integer.parseInt(text);
    }
}
