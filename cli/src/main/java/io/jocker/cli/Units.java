package io.jocker.cli;

import io.jocker.cli.template.GoFormat;
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

    /** Decimal units with three significant digits, as {@code docker images} prints sizes: {@code 4.26MB}, {@code 1kB}. */
    static String humanDecimal(long bytes) {
        return goG(bytes, 3);
    }

    /** Docker's {@code units.HumanSize}: four significant digits, as {@code system df} and prune print sizes: {@code 16.43MB}. */
    static String humanSize(long bytes) {
        return goG(bytes, 4);
    }

    /** Go's {@code fmt.Sprintf("%.*g%s", precision, size, unit)} on the size in decimal units, as go-units formats it. */
    private static String goG(long bytes, int precision) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < DECIMAL.length - 1) {
            value /= 1000;
            unit++;
        }
        return GoFormat.g(value, precision) + DECIMAL[unit];
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
