package io.jocker.engine.resources;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's {@code units.RAMInBytes}: {@code 32m}, {@code 1.5g}, {@code 512kb}, {@code 64MiB}; binary units. */
final class ByteSizes {

    /** go-units' size pattern: a number, an optional space, then an optional k/m/g/t/p, i and b. */
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private ByteSizes() {}

    static long ramInBytes(String value) throws IllegalArgumentException {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size: '" + value + "'");
        }
        double size;
        try {
            size = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + m.group(1) + "\": invalid syntax");
        }
        String unit = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
        return (long) (size * multiplier(unit));
    }

    private static double multiplier(String unit) {
        return switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> 1;
        };
    }
}
