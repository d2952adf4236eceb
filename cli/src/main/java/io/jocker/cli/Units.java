package io.jocker.cli;

import java.util.Locale;

/** Human-readable sizes the way Docker prints them. */
final class Units {

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Units() {}

    /** Binary units with two decimals, as {@code docker info} prints memory: {@code 23.47GiB}. */
    static String humanBinary(long bytes) {
        return scale(bytes, 1024, BINARY, "%.2f%s").replace(".00", "");
    }

    /** Decimal units with three significant digits, as {@code docker images} prints sizes: {@code 4.26MB}. */
    static String humanDecimal(long bytes) {
        return scale(bytes, 1000, DECIMAL, "%.3g%s");
    }

    private static String scale(long bytes, int base, String[] units, String format) {
        double value = bytes;
        int unit = 0;
        while (value >= base && unit < units.length - 1) {
            value /= base;
            unit++;
        }
        return String.format(Locale.ROOT, format, value, units[unit]);
    }
}
